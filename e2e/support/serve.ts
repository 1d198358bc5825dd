/**
 * Playwright's web server: `npm start`'s own script on a throw-away data
 * directory, removed after the server and its database have stopped.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";

const dataDir = process.env.COUNTERSIGN_DATA_DIR;
if (!dataDir || !dataDir.includes("countersign-e2e-")) throw new Error("serve.ts needs a temporary COUNTERSIGN_DATA_DIR");
const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], { stdio: "inherit" });
const forward = (signal: NodeJS.Signals) => child.kill(signal);
process.on("SIGTERM", () => forward("SIGTERM"));
process.on("SIGINT", () => forward("SIGINT"));
child.on("exit", (code) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
