#!/usr/bin/env node
// `npx countersign <command>`: runs cli/index.ts with tsx, under the
// react-server condition so server-only use cases load outside Next.js.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const tsx = pathToFileURL(require.resolve("tsx/esm")).href;
const entry = fileURLToPath(new URL("../cli/index.ts", import.meta.url));

const child = spawn(process.execPath, ["--conditions=react-server", "--import", tsx, entry, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, COUNTERSIGN_ROOT: process.env.COUNTERSIGN_ROOT ?? root },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
