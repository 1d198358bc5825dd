/**
 * Never a half-working app: without its key Auth.js refuses every sign-in
 * while the server looks ready. `npm start` always passes one
 * (lib/config/bootstrap.ts, resolveAuthSecret); a bare `next start` may not,
 * so the server stops at once with one line naming AUTH_SECRET.
 * Node.js only: instrumentation.ts imports it under NEXT_RUNTIME === "nodejs".
 */
export function requireAuthSecret(env: NodeJS.ProcessEnv = process.env): void {
  const building = env.NEXT_PHASE === "phase-production-build";
  if (env.NODE_ENV === "production" && !building && !env.AUTH_SECRET?.trim()) {
    console.error("[countersign] Configuration error: AUTH_SECRET is not set; set it to at least 32 random characters (openssl rand -base64 32), or start with npm start");
    process.exit(1);
  }
}
