/**
 * Makes sure the end-to-end tests have a Chromium before they start (`npm run
 * test:e2e`, hence `npm test`): the one e2e/support/browser.ts finds, else it
 * installs one and says so. As root on Debian that is Debian's `chromium`
 * package (apt-get); elsewhere Playwright's own build (`npx playwright install
 * chromium`, into Playwright's cache in the home directory).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { findBrowser } from "../e2e/support/browser";

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  console.log(`[ensure-browser] $ ${command} ${args.join(" ")}`);
  return spawnSync(command, args, { stdio: "inherit", env }).status === 0;
}

function find() {
  try {
    return findBrowser();
  } catch (error) {
    console.error(`[ensure-browser] ${(error as Error).message}`);
    process.exit(1);
  }
}

const found = find();
if (found) {
  console.log(`[ensure-browser] end-to-end tests use ${found.source}: ${found.path}`);
  process.exit(0);
}

const isRoot = process.getuid?.() === 0;
if (isRoot && existsSync("/usr/bin/apt-get")) {
  console.log("[ensure-browser] No Chromium found (CHROMIUM_PATH unset, no /usr/bin/chromium, no Playwright download): installing Debian's chromium package with apt-get.");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!run("apt-get", ["update", "-qq"], env) || !run("apt-get", ["install", "-y", "-qq", "chromium"], env)) {
    console.error("[ensure-browser] apt-get could not install chromium; install a Chromium yourself and set CHROMIUM_PATH.");
    process.exit(1);
  }
} else {
  console.log("[ensure-browser] No Chromium found (CHROMIUM_PATH unset, no /usr/bin/chromium): downloading Playwright's Chromium (npx playwright install chromium).");
  if (!run(process.platform === "win32" ? "npx.cmd" : "npx", ["playwright", "install", "chromium"])) {
    console.error("[ensure-browser] The download failed. On Debian, as root: apt-get install -y chromium; or set CHROMIUM_PATH to a Chromium.");
    process.exit(1);
  }
}

const installed = find();
if (!installed) {
  console.error("[ensure-browser] Still no Chromium after installing; set CHROMIUM_PATH to one.");
  process.exit(1);
}
console.log(`[ensure-browser] end-to-end tests use ${installed.source}: ${installed.path}`);
