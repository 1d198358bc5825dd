import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/** Debian's package (`apt-get install chromium`). */
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export type Browser = { path: string; source: string };

/**
 * The Chromium the end-to-end tests drive, in this order: `CHROMIUM_PATH`
 * when set (an error when it names nothing), Debian's, then Playwright's own
 * download (`npx playwright install chromium`). Undefined when there is none:
 * scripts/ensure-browser.ts then installs one.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): Browser | undefined {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist. Point it at a Chromium, or unset it.`);
    return { path: env.CHROMIUM_PATH, source: "CHROMIUM_PATH" };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, source: "Debian's chromium" };
  const own = playwrightChromium();
  return own && existsSync(own) ? { path: own, source: "Playwright's Chromium" } : undefined;
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}
