/** Runs once when a Next.js server instance starts. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Node.js-only code is imported here, so the Edge build never sees process.exit (no Turbopack warning).
  const { requireAuthSecret } = await import("./lib/ops/require-auth-secret");
  requireAuthSecret();
  if (!process.env.DATABASE_URL) return;
  const { startCheckpointSchedule } = await import("./lib/audit/checkpoint-schedule");
  startCheckpointSchedule();
}
