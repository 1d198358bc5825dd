/** Runs once when a Next.js server instance starts. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Never a half-working app: without its key Auth.js refuses every sign-in while the server looks ready.
  // `npm start` always passes one (lib/config/bootstrap.ts, resolveAuthSecret); a bare `next start` may not.
  const building = process.env.NEXT_PHASE === "phase-production-build";
  if (process.env.NODE_ENV === "production" && !building && !process.env.AUTH_SECRET?.trim()) {
    console.error("[countersign] Configuration error: AUTH_SECRET is not set; set it to at least 32 random characters (openssl rand -base64 32), or start with npm start");
    process.exit(1);
  }
  if (!process.env.DATABASE_URL) return;
  const { startCheckpointSchedule } = await import("./lib/audit/checkpoint-schedule");
  startCheckpointSchedule();
}
