/**
 * A second app instance for the live-update test: it waits until the first
 * instance is ready (so the build and the database exist), then runs
 * `npm start`'s script on another port against the same database. It does
 * not own the embedded PostgreSQL, so stopping it leaves the database to the first.
 */
import { spawn } from "node:child_process";

const first = process.env.E2E_FIRST_URL;
if (!first) throw new Error("serve-second.ts needs E2E_FIRST_URL");

async function waitForFirst(): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    try {
      const response = await fetch(`${first}/api/ready`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the first instance at ${first} never became ready`);
}

await waitForFirst();
const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], { stdio: "inherit" });
process.on("SIGTERM", () => child.kill("SIGTERM"));
process.on("SIGINT", () => child.kill("SIGINT"));
child.on("exit", (code) => process.exit(code ?? 0));
