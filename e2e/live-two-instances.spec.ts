import type { Browser, Page } from "@playwright/test";
import { DEMO, DEMO_PROJECT, expect, signIn, test, welcomeHeading } from "./support/fixtures";

/**
 * Two app instances on one database (playwright.config.ts starts both): a
 * tick made through instance 1 reaches a browser served by instance 2 through
 * PostgreSQL LISTEN/NOTIFY, without a reload. Each person has their own
 * browser context: cookies are per host, not per port, so one context would
 * share a single session between the instances.
 */

const DOCKER = "Docker image builds successfully";
const LIVE_WITHIN_MS = 2_000;

const secondURL = () => {
  const url = process.env.E2E_SECOND_URL;
  if (!url) throw new Error("E2E_SECOND_URL is not set: run through playwright.config.ts, which starts the second instance.");
  return url;
};

const uniqueVersion = () => `8.${Date.now() % 100_000}.${Math.floor(Math.random() * 1_000_000)}`;

/** A fresh browser context on one instance, signed in through that instance's own sign-in form. */
async function personOn(browser: Browser, baseURL: string, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, email);
  await expect(welcomeHeading(page)).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL).origin);
  return page;
}

const docker = (page: Page) => page.getByRole("checkbox", { name: DOCKER, exact: true });
const overallProgress = (page: Page) => page.getByRole("progressbar", { name: "Overall progress" });
const liveIndicator = (page: Page) => page.getByRole("status").filter({ hasText: /^(Live|Connecting…|Reconnecting…)$/ });

/** Counts full navigations of the page's main frame from now on (a reload would be one). */
function countNavigations(page: Page): () => number {
  let count = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) count += 1;
  });
  return () => count;
}

test("a tick on instance 1 shows on a page served by instance 2 within 2 s, without a reload", async ({ browser }, testInfo) => {
  // Two sign-ins, a release creation and four page loads across two servers: more than the default 30 s
  // on a busy machine. The live deadline itself stays 2 s.
  test.setTimeout(120_000);
  const firstURL = testInfo.project.use.baseURL;
  if (!firstURL) throw new Error("the project has no baseURL");
  expect(new URL(secondURL()).origin).not.toBe(new URL(firstURL).origin);

  const pageA = await personOn(browser, firstURL, DEMO.member);
  const pageB = await personOn(browser, secondURL(), DEMO.sreLead);

  // Page A creates a new staging release of the reference checklist.
  const version = uniqueVersion();
  await pageA.goto(`/p/${DEMO_PROJECT}/releases/new`);
  await pageA.getByRole("combobox", { name: "Template", exact: true }).selectOption({ label: "mgit Production Deployment Checklist" });
  await pageA.getByRole("combobox", { name: "Environment", exact: true }).selectOption({ label: "Staging" });
  await pageA.getByRole("textbox", { name: "Version", exact: true }).fill(version);
  await pageA.getByRole("button", { name: "Create release" }).click();
  await expect(pageA).toHaveURL(/\/releases\/[0-9a-f-]{36}$/);
  const path = new URL(pageA.url()).pathname;
  await expect(pageA.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible();

  // Page B opens the same release on instance 2 (absolute URL).
  await pageB.goto(`${secondURL()}${path}`);
  expect(new URL(pageB.url()).origin).toBe(new URL(secondURL()).origin);
  await expect(pageB.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible();
  await expect(liveIndicator(pageA)).toHaveText("Live");
  await expect(liveIndicator(pageB)).toHaveText("Live");
  await expect(docker(pageB)).not.toBeChecked();
  await expect(overallProgress(pageB)).toHaveAttribute("aria-valuenow", "0");
  const navigationsOfB = countNavigations(pageB);

  // A ticks; B shows it within 2 s.
  await docker(pageA).check();
  await expect(docker(pageA)).toBeChecked();
  const ticked = Date.now();
  await expect(docker(pageB)).toBeChecked({ timeout: LIVE_WITHIN_MS });
  const seenAfterMs = Date.now() - ticked;
  await expect(overallProgress(pageB)).toHaveAttribute("aria-valuenow", "1", { timeout: LIVE_WITHIN_MS });
  expect(navigationsOfB()).toBe(0);
  testInfo.annotations.push({ type: "live latency", description: `instance 1 → instance 2: ${seenAfterMs} ms` });

  // And back: B unticks on instance 2; A (instance 1) sees it, also without a reload.
  const navigationsOfA = countNavigations(pageA);
  await docker(pageB).uncheck();
  await expect(docker(pageB)).not.toBeChecked();
  await expect(docker(pageA)).not.toBeChecked({ timeout: LIVE_WITHIN_MS });
  await expect(overallProgress(pageA)).toHaveAttribute("aria-valuenow", "0", { timeout: LIVE_WITHIN_MS });
  expect(navigationsOfA()).toBe(0);

  await pageB.screenshot({ path: testInfo.outputPath("instance-2-live.png"), fullPage: false });
  await pageA.context().close();
  await pageB.context().close();
});
