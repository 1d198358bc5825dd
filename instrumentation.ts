/** Runs once when a Next.js server instance starts. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL) return;
  const { startCheckpointSchedule } = await import("./lib/audit/checkpoint-schedule");
  startCheckpointSchedule();
}
