import { spawn } from "node:child_process";
import path from "node:path";
import { buildIsStale } from "../../lib/ops/build-freshness";

/**
 * Reliability global setup: the tests that start the production server need
 * `.next`; build it once when it is missing or older than the sources (the
 * same rule as `npm start`). In CI the end-to-end run has just built it.
 */
export default async function setup(): Promise<void> {
  if (!buildIsStale(process.cwd())) return;
  console.info("[reliability] .next is missing or stale: running next build");
  const started = performance.now();
  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [nextBin, "build"], { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
    child.once("exit", (status) => resolve(status ?? 1));
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code}); see the output above`);
  console.info(`[reliability] next build took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
