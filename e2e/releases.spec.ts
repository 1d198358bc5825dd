import type { Browser, BrowserContext, Page, TestInfo } from "@playwright/test";
import { axeViolations } from "./support/axe";
import { DEMO, DEMO_PROJECT, expect, signIn, test, toasts, welcomeHeading } from "./support/fixtures";

/**
 * Releases in the browser: create from the seeded reference template, tick
 * and mark items, see another person's ticks live, the environment gate, and
 * the auditor's read-only view. Every test uses its own random version, so
 * parallel runs never share a release.
 */

const DOCKER = "Docker image builds successfully";
const MESH = "Service mesh configured (if applicable)";

/** How long a change may take to reach another browser ("a few seconds", with room for a busy CI machine). */
const LIVE = 10_000;

const uniqueVersion = () => `9.${Date.now() % 100_000}.${Math.floor(Math.random() * 1_000_000)}`;

/**
 * A second, independent browser signed in as someone else. Its storage is
 * given explicitly: a context opened inside a test otherwise starts with the
 * test's own signed-in session.
 */
async function openBrowser(browser: Browser, testInfo: TestInfo, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, email);
  await expect(welcomeHeading(page)).toBeVisible();
  return { context, page };
}

async function fillNewRelease(page: Page, environment: string, version: string): Promise<void> {
  await page.goto(`/p/${DEMO_PROJECT}/releases/new`);
  await expect(page.getByRole("heading", { level: 1, name: "New release" })).toBeVisible();
  await page.getByRole("combobox", { name: "Template", exact: true }).selectOption({ label: "mgit Production Deployment Checklist" });
  await page.getByRole("combobox", { name: "Environment" }).selectOption({ label: environment });
  await page.getByRole("textbox", { name: "Version", exact: true }).fill(version);
  await page.getByRole("button", { name: "Create release" }).click();
}

/** Creates a release through the form and returns its page's path. */
async function createRelease(page: Page, environment: string, version: string): Promise<string> {
  await fillNewRelease(page, environment, version);
  await expect(page).toHaveURL(/\/releases\/[0-9a-f-]{36}$/, { timeout: 15_000 });
  await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible({ timeout: 15_000 });
  return new URL(page.url()).pathname;
}

const overallProgress = (page: Page) => page.getByRole("progressbar", { name: "Overall progress" });
const liveIndicator = (page: Page) => page.getByRole("status").filter({ hasText: /^(Live|Connecting…|Reconnecting…)$/ });
const itemRow = (page: Page, title: string) => page.getByRole("listitem").filter({ has: page.getByRole("checkbox", { name: title, exact: true }) });

test.describe("releases: member", () => {
  test.use({ signedInAs: "member" });

  test("creates a staging release, ticks and marks items, and another member sees it live", async ({ page, browser }, testInfo) => {
    test.slow(); // two browsers, many steps
    const version = uniqueVersion();
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Releases" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Releases" })).toBeVisible();
    await page.getByRole("link", { name: "New release" }).click();
    await expect(page).toHaveURL(/\/releases\/new$/);
    const path = await createRelease(page, "Staging", version);

    // Only items for staging; X.Y.Z filled in; the rollback runbook as text.
    await expect(page.getByText(`./scripts/deploy.sh --environment staging --version ${version}`)).toBeVisible();
    await expect(page.getByText("--environment production --version")).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Rollback Procedures: runbook text" })).toContainText("./scripts/rollback.sh --environment production --force");
    await expect(liveIndicator(page)).toHaveText("Live", { timeout: 20_000 });

    // A second member on the same release, in another browser.
    const other = await openBrowser(browser, testInfo, DEMO.sreLead);
    await other.page.goto(path);
    await expect(liveIndicator(other.page)).toHaveText("Live", { timeout: 20_000 });
    await expect(other.page.getByRole("checkbox", { name: DOCKER })).not.toBeChecked();

    const total = Number(await overallProgress(page).getAttribute("aria-valuemax"));
    expect(total).toBeGreaterThan(40);
    await expect(overallProgress(page)).toHaveAttribute("aria-valuenow", "0");

    // Tick: shown at once, confirmed by the server, and seen live by the other member without a reload.
    await page.getByRole("checkbox", { name: DOCKER }).check();
    await expect(page.getByRole("checkbox", { name: DOCKER })).toBeChecked();
    await expect(overallProgress(page)).toHaveAttribute("aria-valuenow", "1");
    await expect(itemRow(page, DOCKER)).toContainText("Done by Max Member");
    await expect(other.page.getByRole("checkbox", { name: DOCKER })).toBeChecked({ timeout: LIVE });
    await expect(overallProgress(other.page)).toHaveAttribute("aria-valuenow", "1");
    await expect(itemRow(other.page, DOCKER)).toContainText("Done by Max Member");

    // Not applicable needs a reason.
    await page.getByRole("button", { name: `Actions for ${MESH}` }).click();
    await page.getByRole("menuitem", { name: "Mark not applicable…" }).click();
    const dialog = page.getByRole("dialog", { name: MESH });
    await expect(dialog.getByLabel("Status")).toHaveValue("na");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("Say why the item does not apply.")).toBeVisible();
    await dialog.getByLabel("Reason").fill("No service mesh in staging.");
    await dialog.getByLabel("Evidence links").fill("not a link");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("Link 1: Evidence links must be http(s) URLs.")).toBeVisible();
    await dialog.getByLabel("Evidence links").fill("https://example.com/mesh-decision");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(toasts(page).getByText("Saved: the item is not applicable.")).toBeVisible();
    await expect(itemRow(page, MESH).getByText("No service mesh in staging.")).toBeVisible();
    await expect(itemRow(page, MESH).getByRole("link", { name: "example.com/mesh-decision" })).toBeVisible();
    await expect(overallProgress(page)).toHaveAttribute("aria-valuenow", "2");
    await expect(itemRow(other.page, MESH).getByText("No service mesh in staging.")).toBeVisible({ timeout: LIVE });
    await expect(overallProgress(other.page)).toHaveAttribute("aria-valuenow", "2");

    // Filters: "Open" hides what is done or not applicable.
    await page.getByRole("button", { name: /^Open/ }).click();
    await expect(page.getByRole("button", { name: /^Open/ })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("checkbox", { name: DOCKER })).toHaveCount(0);
    await page.getByRole("button", { name: "Show all" }).click();
    await expect(page.getByRole("checkbox", { name: DOCKER })).toBeVisible();

    // Untick from the other browser; it comes back here live.
    await other.page.getByRole("checkbox", { name: DOCKER }).uncheck();
    await expect(page.getByRole("checkbox", { name: DOCKER })).not.toBeChecked({ timeout: LIVE });
    await expect(overallProgress(page)).toHaveAttribute("aria-valuenow", "1");

    // The list shows the release with its progress.
    await page.goto(`/p/${DEMO_PROJECT}/releases?environment=staging&version=${version}`);
    const row = page.getByRole("table", { name: "Releases" }).getByRole("row").filter({ hasText: version });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "1");
    await page.screenshot({ path: testInfo.outputPath("releases-list.png"), fullPage: true });
    await other.context.close();
  });

  test("refuses production before staging approved the version, and a version that is not semantic", async ({ page }) => {
    const version = uniqueVersion();
    await fillNewRelease(page, "Production", version);
    const environment = page.getByRole("combobox", { name: "Environment" });
    await expect(page.getByText(`Production ${version} needs ${version} approved in Staging first.`)).toBeVisible();
    await expect(environment).toHaveAttribute("aria-invalid", "true");
    await expect(environment).toHaveAccessibleDescription(new RegExp(`needs ${version.replaceAll(".", "\\.")} approved in Staging first`));
    await expect(page).toHaveURL(/\/releases\/new$/);
    // What was chosen is still there.
    await expect(environment).toHaveValue("production");
    await expect(page.getByRole("textbox", { name: "Version", exact: true })).toHaveValue(version);

    await page.getByRole("combobox", { name: "Environment" }).selectOption({ label: "Staging" });
    await page.getByRole("textbox", { name: "Version", exact: true }).fill("1.2");
    await page.getByRole("button", { name: "Create release" }).click();
    await expect(page.getByText("Version must be a semantic version such as 2.4.0 or 2.4.0-rc.1.")).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Version", exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/releases\/new$/);
  });

  test("the gate refusal links the release it waits for, or offers to create it", async ({ page }) => {
    test.slow(); // two releases created and four pages loaded
    const version = uniqueVersion();
    await fillNewRelease(page, "Production", version);
    await expect(page.getByRole("link", { name: `Create Staging ${version}` })).toHaveAttribute("href", `/p/${DEMO_PROJECT}/releases/new?environment=staging&version=${version}`);

    const staging = await createRelease(page, "Staging", version);
    await fillNewRelease(page, "Production", version);
    const open = page.getByRole("link", { name: new RegExp(`^Waiting for mgit CLI ${version.replaceAll(".", "\\.")} on Staging — 0/\\d+ items, 0/8 sign-offs$`) });
    await expect(open).toHaveAttribute("href", staging);
    await open.click();
    await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible({ timeout: 15_000 });
    await expect(page).toHaveURL(new RegExp(`${staging}$`));
  });

  test("fits a phone screen", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const version = uniqueVersion();
    await createRelease(page, "Staging", version);
    await page.getByRole("checkbox", { name: DOCKER }).check();
    await expect(overallProgress(page)).toHaveAttribute("aria-valuenow", "1");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath("release-phone.png"), fullPage: true });
    await page.goto(`/p/${DEMO_PROJECT}/releases`);
    await page.screenshot({ path: testInfo.outputPath("releases-list-phone.png"), fullPage: true });
  });
});

test.describe("releases: a gate on the release page", () => {
  test.use({ signedInAs: "admin" });

  test("a release whose environment gained a gate names and links the release it waits for, with its progress", async ({ page }, testInfo) => {
    test.slow();
    // An environment of its own (no other test uses it): a release there first, then the gate on staging.
    const suffix = `${Date.now() % 1_000_000}`;
    const key = `canary-${suffix}`;
    const name = `Canary ${suffix}`;
    await page.goto(`/p/${DEMO_PROJECT}/settings/environments`);
    await page.getByRole("button", { name: "Add environment" }).click();
    const add = page.getByRole("dialog", { name: "Add environment" });
    await add.getByLabel("Key", { exact: true }).fill(key);
    await add.getByLabel("Name").fill(name);
    await add.getByRole("button", { name: "Add environment" }).click();
    await expect(toasts(page).getByText(`Added the environment ${name}.`)).toBeVisible({ timeout: 15_000 });
    const version = uniqueVersion();
    const canary = await createRelease(page, name, version);

    await page.goto(`/p/${DEMO_PROJECT}/settings/environments`);
    await page.getByRole("button", { name: `Edit ${name}` }).click();
    const edit = page.getByRole("dialog", { name: `Edit ${name}` });
    await edit.getByRole("checkbox", { name: "Staging", exact: true }).check();
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(toasts(page).getByText(new RegExp(`^Saved ${name}`))).toBeVisible({ timeout: 15_000 });

    // No staging release of the version yet: the notice says so and offers to create it.
    await page.goto(canary);
    const notice = page.getByTestId("gate-notice");
    await expect(notice).toContainText(`${name} ${version} needs ${version} approved in Staging first.`);
    await expect(notice.getByRole("link", { name: `Create Staging ${version}` })).toHaveAttribute("href", `/p/${DEMO_PROJECT}/releases/new?environment=staging&version=${version}`);

    // Once there is one: its name, progress and a link to it.
    const staging = await createRelease(page, "Staging", version);
    await page.goto(canary);
    const link = notice.getByRole("link", { name: new RegExp(`^Waiting for mgit CLI ${version.replaceAll(".", "\\.")} on Staging — 0/\\d+ items, 0/8 sign-offs$`) });
    await expect(link).toHaveAttribute("href", staging);
    await notice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath("gate-notice.png") });
    await testInfo.attach("gate-notice", { path: testInfo.outputPath("gate-notice.png"), contentType: "image/png" });
    expect(await axeViolations(page)).toEqual([]);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`${staging}$`));
    await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible({ timeout: 15_000 });
  });
});

test.describe("releases: auditor", () => {
  test.use({ signedInAs: "auditor" });

  test("sees a release read-only and cannot create one", async ({ page, browser }, testInfo) => {
    test.slow(); // a member's browser creates the release first
    const version = uniqueVersion();
    const member = await openBrowser(browser, testInfo, DEMO.member);
    const path = await createRelease(member.page, "Staging", version);
    await member.page.getByRole("checkbox", { name: DOCKER }).check();
    await expect(overallProgress(member.page)).toHaveAttribute("aria-valuenow", "1");
    await member.context.close();

    await page.goto(`/p/${DEMO_PROJECT}/releases`);
    await expect(page.getByRole("heading", { level: 1, name: "Releases" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New release" })).toHaveCount(0);
    await page.getByRole("link", { name: `${version} in Staging` }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible();
    await expect(page.getByText("You have read-only access")).toBeVisible();
    await expect(page.getByRole("checkbox", { name: DOCKER })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: DOCKER })).toBeDisabled();
    await expect(page.getByRole("checkbox", { name: MESH })).toBeDisabled();
    await expect(page.getByRole("button", { name: /^Actions for/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save contacts" })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("release-auditor.png"), fullPage: true });

    expect((await page.goto(`/p/${DEMO_PROJECT}/releases/new`))?.status()).toBe(404);
    expect((await page.goto(`/p/${DEMO_PROJECT}/releases/00000000-0000-4000-8000-000000000000`))?.status()).toBe(404);
  });
});
