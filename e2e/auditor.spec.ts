import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { APIResponse, Browser, BrowserContext, Page, TestInfo } from "@playwright/test";
import { DEMO, DEMO_PROJECT, expect, signIn, test, welcomeHeading } from "./support/fixtures";

/**
 * The auditor's archive: a member arranges a staging release in their own
 * browser (created and two items ticked through the JSON API with their
 * session); the auditor then finds it in the archive, reads its timeline,
 * replays the checklist as of an earlier event, compares two moments,
 * verifies the release's trail, downloads the evidence bundle, and is
 * refused every change.
 */

const TEMPLATE = "mgit Production Deployment Checklist";
const TESTS = "All tests pass (unit, integration, security)";
const DOCKER = "Docker image builds successfully";

const uniqueVersion = () => `7.${Date.now() % 100_000}.${Math.floor(Math.random() * 1_000_000)}`;

type Arranged = { id: string; version: string; keys: Record<string, string> };

/**
 * A member's own browser (not the auditor's session): a context opened inside a test starts with the
 * test's signed-in session unless given empty storage, so it signs in through the form.
 */
async function memberBrowser(browser: Browser, testInfo: TestInfo) {
  const baseURL = testInfo.project.use.baseURL!;
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, DEMO.member);
  await expect(welcomeHeading(page)).toBeVisible();
  await page.close();
  return { context, headers: { origin: new URL(baseURL).origin } };
}

async function ok(response: APIResponse, status = 200): Promise<unknown> {
  if (response.status() !== status) expect(response.status(), await response.text()).toBe(status);
  return response.json();
}

/** A staging release with "All tests pass" ticked, then "Docker image builds" ticked. */
async function arrangeRelease(context: BrowserContext, headers: Record<string, string>): Promise<Arranged> {
  const { templates } = (await ok(await context.request.get(`/api/v1/projects/${DEMO_PROJECT}/templates`))) as { templates: { id: string; name: string }[] };
  const template = templates.find((entry) => entry.name === TEMPLATE);
  expect(template, `the seeded template "${TEMPLATE}"`).toBeDefined();
  const version = uniqueVersion();
  const created = (await ok(
    await context.request.post(`/api/v1/projects/${DEMO_PROJECT}/releases`, { headers, data: { templateId: template!.id, version, environment: "staging" } }),
    201,
  )) as { id: string };
  const { items } = (await ok(await context.request.get(`/api/v1/projects/${DEMO_PROJECT}/releases/${created.id}/items`))) as { items: { key: string; title: string }[] };
  const keys: Record<string, string> = {};
  for (const title of [TESTS, DOCKER]) {
    const item = items.find((entry) => entry.title === title);
    expect(item, title).toBeDefined();
    keys[title] = item!.key;
    await ok(await context.request.patch(`/api/v1/projects/${DEMO_PROJECT}/releases/${created.id}/items/${item!.key}`, { headers, data: { status: "done" } }));
  }
  return { id: created.id, version, keys };
}

const timelineEvent = (page: Page, text: string) => page.getByRole("list", { name: "Timeline" }).getByRole("listitem").filter({ hasText: text });
const asOfRegion = (page: Page) => page.getByRole("region", { name: /^As of event #\d+$/ });
const asOfItem = (page: Page, title: string) => asOfRegion(page).getByRole("listitem").filter({ hasText: title });

/** A full-page screenshot in the test's output folder, to look at how the page reads. */
async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

test.describe("archive: auditor", () => {
  test.use({ signedInAs: "auditor" });

  test("finds a release, reads its history, replays and compares moments, verifies and exports, and cannot change anything", async ({ page, browser }, testInfo) => {
    test.slow(); // a second browser, a dozen page loads and a download
    const member = await memberBrowser(browser, testInfo);
    const release = await arrangeRelease(member.context, member.headers);

    // The archive, from the main navigation; filtered by the version.
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Archive" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Archive" })).toBeVisible();
    await page.getByRole("textbox", { name: "Version starts with" }).fill(release.version);
    await page.getByRole("combobox", { name: "Environment" }).selectOption({ label: "Staging" });
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(new RegExp(`version=${release.version.replaceAll(".", "\\.")}`));
    const table = page.getByRole("table", { name: "Archived releases" });
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table).toContainText("In progress");
    await expect(table).toContainText(TEMPLATE);
    await expect(page.getByText(/1 release · page 1 of 1/)).toBeVisible();
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("button")).toHaveText([/^Project(s|: )/, /^Account: /, "Filter"]);
    await snapshot(page, testInfo, "archive-list");

    // No match: a calm empty state.
    await page.goto(`/archive?version=${release.version}&status=deployed`);
    await expect(page.getByRole("heading", { name: "No releases match" })).toBeVisible();
    await page.goBack();

    await table.getByRole("link", { name: new RegExp(release.version.replaceAll(".", "\\.")) }).click();
    await expect(page).toHaveURL(new RegExp(`/archive/${release.id}$`));
    await expect(page.getByRole("heading", { level: 1, name: `Release ${release.version}` })).toBeVisible();

    // The timeline: every event as a sentence, oldest first.
    const timeline = page.getByRole("list", { name: "Timeline" });
    await expect(timeline.getByRole("listitem").first()).toContainText(`created release ${release.version} for staging`);
    await expect(timelineEvent(page, `ticked "${TESTS}"`)).toContainText("Max Member");
    await expect(timelineEvent(page, `ticked "${DOCKER}"`)).toContainText(/#\d+/);
    await expect(timelineEvent(page, `ticked "${DOCKER}"`)).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC/);
    await expect(timeline.getByRole("listitem").last()).toContainText(`ticked "${DOCKER}"`);
    await snapshot(page, testInfo, "archive-release");

    // As of the first tick: "All tests pass" done, Docker still open.
    await timelineEvent(page, `ticked "${TESTS}"`).getByRole("link", { name: /View as of this event/ }).click();
    await expect(page).toHaveURL(/\?asOf=\d+$/);
    const seq = new URL(page.url()).searchParams.get("asOf");
    await expect(asOfRegion(page)).toBeVisible();
    await expect(asOfRegion(page).getByRole("status").first()).toContainText(`Reconstructed from the audit trail as of event #${seq} (`);
    await expect(asOfItem(page, TESTS)).toContainText("Done");
    await expect(asOfItem(page, TESTS)).toContainText("by Max Member");
    await expect(asOfItem(page, DOCKER)).toContainText("Open");
    await expect(asOfRegion(page)).toContainText("Nobody had signed at this moment.");
    await expect(timelineEvent(page, `ticked "${TESTS}"`)).toHaveAttribute("aria-current", "step");
    await snapshot(page, testInfo, "archive-as-of");
    await asOfRegion(page).getByRole("link", { name: "Only the 1 changed by then" }).click();
    await expect(page).toHaveURL(/show=changed/);
    await expect(asOfItem(page, TESTS)).toContainText("Done");
    await expect(asOfItem(page, DOCKER)).toHaveCount(0);

    // One event further (the release moving to in progress, or the next tick), until Docker is done.
    await page.goto(`/archive/${release.id}?asOf=1`);
    await expect(asOfRegion(page)).toContainText("Release status then");
    await expect(asOfItem(page, TESTS)).toContainText("Open");
    await expect(asOfRegion(page).getByText("Draft", { exact: true })).toBeVisible();

    // Compare the first and the last moment: both items differ.
    await page.goto(`/archive/${release.id}`);
    const compare = page.getByRole("form", { name: "Compare two moments" });
    const options = compare.getByRole("combobox", { name: "From the moment after" }).locator("option");
    await expect(options.first()).toContainText("#1");
    await compare.getByRole("combobox", { name: "From the moment after" }).selectOption({ index: 0 });
    await compare.getByRole("combobox", { name: "To the moment after" }).selectOption({ index: (await options.count()) - 1 });
    await compare.getByRole("button", { name: "Compare" }).click();
    await expect(page).toHaveURL(/from=1&to=\d+#compare$/);
    const differences = page.getByRole("region", { name: "Differences" });
    await expect(differences).toContainText("2 items differ, 0 signature changes");
    const changed = differences.getByRole("list", { name: "Items that differ" }).getByRole("listitem");
    await expect(changed).toHaveCount(2);
    await expect(changed.filter({ hasText: DOCKER })).toContainText("Open");
    await expect(changed.filter({ hasText: DOCKER })).toContainText("Done");
    await expect(differences).toContainText("Release status");
    await snapshot(page, testInfo, "archive-compare");

    // Verify this release's trail.
    await page.getByRole("button", { name: "Verify this release's trail" }).click();
    const verified = page.getByRole("status").filter({ hasText: "Trail intact" });
    await expect(verified).toBeVisible({ timeout: 15_000 });
    await expect(verified).toContainText(/All \d+ events of this release/);
    await expect(verified).toContainText(/Head #\d+ [0-9a-f]{64}/);
    await snapshot(page, testInfo, "archive-verified");

    // The checkpoint key's fingerprint, as the public endpoint gives it.
    const publishedKey = (await ok(await page.request.get("/api/v1/audit/public-key"))) as { fingerprint: string };
    await expect(page.getByTestId("key-fingerprint")).toHaveText(publishedKey.fingerprint);

    // The evidence bundle: a .tar.gz download.
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download evidence bundle" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`countersign-audit-staging-${release.version}.tar.gz`);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    // The downloaded bundle verifies as its README says, against the published fingerprint.
    const unpacked = await mkdtemp(path.join(os.tmpdir(), "countersign-e2e-bundle-"));
    try {
      execFileSync("tar", ["xzf", (await download.path())!, "-C", unpacked]);
      const verified = spawnSync("python3", ["verify.py", "--fingerprint", publishedKey.fingerprint], { cwd: unpacked, encoding: "utf8" });
      expect(verified.stdout, verified.stderr).toMatch(/^intact: \d+ events of release:/m);
      expect(verified.status).toBe(0);
    } finally {
      await rm(unpacked, { recursive: true, force: true });
    }
    const bundle = await page.request.get(`/archive/${release.id}/bundle`);
    expect(bundle.status()).toBe(200);
    expect(bundle.headers()["content-type"]).toBe("application/gzip");
    expect(bundle.headers()["content-disposition"]).toContain(`attachment; filename="countersign-audit-staging-${release.version}.tar.gz"`);

    // Read-only: nothing to tick, no button that changes anything.
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("button")).toHaveText([/^Project(s|: )/, /^Account: /, "Verify this release's trail", "Compare"]);

    // The server refuses the auditor's session every change, even from our own origin.
    const sameOrigin = { origin: new URL(page.url()).origin };
    const patch = await page.request.patch(`/api/v1/projects/${DEMO_PROJECT}/releases/${release.id}/items/${release.keys[DOCKER]}`, { headers: sameOrigin, data: { status: "open" } });
    expect(patch.status(), await patch.text()).toBe(403);
    const templates = (await ok(await page.request.get(`/api/v1/projects/${DEMO_PROJECT}/templates`))) as { templates: { id: string; name: string }[] };
    const create = await page.request.post(`/api/v1/projects/${DEMO_PROJECT}/releases`, {
      headers: sameOrigin,
      data: { templateId: templates.templates.find((entry) => entry.name === TEMPLATE)?.id, version: uniqueVersion(), environment: "staging" },
    });
    expect(create.status(), await create.text()).toBe(403);
    const item = (await ok(await page.request.get(`/api/v1/projects/${DEMO_PROJECT}/releases/${release.id}/items/${release.keys[DOCKER]}`))) as { state: { status: string; version: number } };
    expect(item.state).toMatchObject({ status: "done", version: 1 });

    // The archive is the auditor's: a member is refused it.
    expect((await member.context.request.get(`/archive/${release.id}/bundle`)).status()).toBe(403);
    const memberPage = await member.context.newPage();
    expect((await memberPage.goto("/archive"))?.status()).toBe(404);
    expect((await memberPage.goto(`/archive/${release.id}`))?.status()).toBe(404);
    await member.context.close();
  });

  test("reads well on a phone", async ({ page, browser }, testInfo) => {
    test.slow(); // a second browser arranges the release
    const member = await memberBrowser(browser, testInfo);
    const release = await arrangeRelease(member.context, member.headers);
    await member.context.close();
    await page.setViewportSize({ width: 390, height: 844 });

    await page.goto(`/archive?version=${release.version}`);
    await expect(page.getByRole("table", { name: "Archived releases" }).getByRole("row")).toHaveCount(2);
    await snapshot(page, testInfo, "phone-archive-list");

    await page.goto(`/archive/${release.id}?asOf=2&from=1&to=3`);
    await expect(asOfRegion(page)).toBeVisible();
    await expect(page.getByRole("region", { name: "Differences" })).toBeVisible();
    // Nothing overflows sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await snapshot(page, testInfo, "phone-archive-release");

    await expect(page.getByRole("checkbox")).toHaveCount(0);
  });

  test("an unknown release or moment is not found or named", async ({ page }) => {
    expect((await page.goto("/archive/00000000-0000-4000-8000-000000000000"))?.status()).toBe(404);
    expect((await page.goto("/archive/not-a-release"))?.status()).toBe(404);
    expect((await page.request.get("/archive/00000000-0000-4000-8000-000000000000/bundle")).status()).toBe(404);
    await page.goto("/archive?from=not-a-date");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("The filters are not valid");
  });
});
