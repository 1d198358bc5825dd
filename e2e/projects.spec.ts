import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page, TestInfo } from "@playwright/test";
import { axeViolations } from "./support/axe";
import { DEMO, demoPassword, expect, signIn, test, toasts, welcomeHeading } from "./support/fixtures";
import { actionId, postAction } from "./support/server-action";

/**
 * Projects in the browser (issue 11), on the seeded projects mgit (the
 * reference checklist, eight role holders) and billing (its own holders):
 * both release 1.0.0 to staging; the Tech Lead of mgit sees only mgit and
 * cannot sign billing's release (no control, and crafted requests are
 * refused); a non-member gets 404 for billing's pages; the project switcher;
 * an admin creates a project and manages its members, role holders and
 * project tokens, a refusal shown at the field. Screenshots at 1280 and 390 px are attached.
 */

const SAVE = { timeout: 30_000 };
const MGIT_TEMPLATE = "mgit Production Deployment Checklist";
const BILLING_TEMPLATE = "Billing Service Release Checklist";

async function shot(page: Page, testInfo: TestInfo, name: string, fullPage = true): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

async function openBrowser(browser: Browser, testInfo: TestInfo, email: string, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] }, viewport });
  const page = await context.newPage();
  await signIn(page, email);
  await expect(welcomeHeading(page)).toBeVisible(SAVE);
  return { context, page };
}

/** Creates a staging release through the project's form; its page's path. */
async function createStagingRelease(page: Page, projectKey: string, template: string, version: string): Promise<string> {
  await page.goto(`/p/${projectKey}/releases/new`);
  await page.getByRole("combobox", { name: "Template", exact: true }).selectOption({ label: template });
  await page.getByRole("combobox", { name: "Environment" }).selectOption({ label: "Staging" });
  await page.getByRole("textbox", { name: "Version", exact: true }).fill(version);
  await page.getByRole("button", { name: "Create release" }).click();
  await expect(page).toHaveURL(new RegExp(`/p/${projectKey}/releases/[0-9a-f-]{36}$`), SAVE);
  await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible(SAVE);
  return new URL(page.url()).pathname;
}

const status = async (page: Page, path: string) => (await page.goto(path))?.status();
/** axe on the page once the toasts are gone (a toast fading in or out has no stable contrast to measure). */
async function axeWhenSettled(page: Page): Promise<unknown[]> {
  await expect(toasts(page).getByRole("listitem")).toHaveCount(0, { timeout: 20_000 });
  return axeViolations(page);
}
const switcher = (page: Page) => page.getByRole("banner").getByRole("button", { name: /^(Projects|Project: )/ });

test.describe.serial("two projects, one version", () => {
  const paths = { mgit: "", billing: "" };

  test("both projects release 1.0.0 to staging, each from its own checklist", async ({ browser }, testInfo) => {
    test.slow();
    const admin = await openBrowser(browser, testInfo, DEMO.admin);
    paths.mgit = await createStagingRelease(admin.page, "mgit", MGIT_TEMPLATE, "1.0.0");
    paths.billing = await createStagingRelease(admin.page, "billing", BILLING_TEMPLATE, "1.0.0");
    expect(paths.mgit).not.toBe(paths.billing);
    // Each project's list holds its own 1.0.0, the other's is not there.
    for (const [key, other] of [["mgit", "billing"], ["billing", "mgit"]] as const) {
      await admin.page.goto(`/p/${key}/releases?version=1.0.0`);
      const table = admin.page.getByRole("table", { name: "Releases" });
      await expect(table.getByRole("link", { name: "1.0.0 in Staging" })).toHaveAttribute("href", paths[key]);
      await expect(table.getByRole("link", { name: "1.0.0 in Staging" })).toHaveCount(1);
      expect(paths[other]).not.toBe(paths[key]);
    }
    // The archive shows both, each with its project, and filters by project.
    await admin.page.goto("/archive?version=1.0.0");
    const archive = admin.page.getByRole("table", { name: "Archived releases" });
    await expect(archive.getByRole("row").filter({ hasText: "mgit CLI" })).toHaveCount(1);
    await expect(archive.getByRole("row").filter({ hasText: "Billing service" })).toHaveCount(1);
    await admin.page.getByRole("combobox", { name: "Project" }).selectOption({ label: "Billing service" });
    await admin.page.getByRole("button", { name: "Filter" }).click();
    await expect(admin.page).toHaveURL(/project=billing/);
    await expect(archive.getByRole("row").filter({ hasText: "1.0.0" })).toHaveCount(1);
    await expect(archive.getByRole("row").filter({ hasText: "mgit CLI" })).toHaveCount(0);
    await admin.context.close();
  });

  test("the Tech Lead of mgit sees only mgit and cannot sign billing's release: no control, and crafted requests are refused", async ({ browser }, testInfo) => {
    test.slow();
    const lead = await openBrowser(browser, testInfo, DEMO.techLead);
    const { page } = lead;

    // The switcher and the projects page: mgit only.
    await page.goto(paths.mgit);
    await expect(switcher(page)).toHaveAccessibleName("Project: mgit CLI");
    await switcher(page).click();
    const menu = page.getByRole("menu");
    await expect(menu.getByRole("menuitem")).toHaveText([/^mgit CLI/, "All projects"]);
    await page.keyboard.press("Escape");
    // In mgit the sign-off control is there (disabled until the checklist is done).
    await expect(page.getByRole("listitem", { name: "Tech Lead", exact: true }).getByRole("button", { name: "Sign as Tech Lead" })).toBeVisible();

    // billing's pages do not exist for them: no control to find.
    const billingId = paths.billing.split("/").at(-1)!;
    expect(await status(page, paths.billing)).toBe(404);
    await expect(page.getByRole("button", { name: /^Sign as/ })).toHaveCount(0);
    expect(await status(page, "/p/billing")).toBe(404);
    expect(await status(page, "/p/billing/settings")).toBe(404);
    expect(await status(page, `/releases/${billingId}`)).toBe(404);

    // Crafted requests: the sign-off action with billing's release, the release's download and its live stream.
    await page.goto(paths.mgit);
    const signed = await postAction(page, paths.mgit, actionId("app/(app)/p/[key]/releases/[id]/signoff-actions.ts", "signOffAction"), {
      releaseId: billingId,
      role: "Tech Lead",
      meaning: "I approve release 1.0.0 for Staging as Tech Lead",
      password: demoPassword(),
      shownHash: "0".repeat(64),
      confirm: "yes",
    });
    const answer = await signed.text();
    expect(answer).toContain("Not found.");
    expect(answer).not.toContain("Signed as");
    expect((await page.request.get(`/p/billing/releases/${billingId}/export`)).status()).toBe(404);
    expect((await page.request.get(`/p/mgit/releases/${billingId}/export`)).status()).toBe(404);
    expect((await page.request.get(`/api/releases/${billingId}/events`)).status()).toBe(404);
    await lead.context.close();

    // Nothing was signed on billing's release.
    const admin = await openBrowser(browser, testInfo, DEMO.admin);
    await admin.page.goto(paths.billing);
    const techLead = admin.page.getByRole("listitem", { name: "Tech Lead", exact: true });
    await expect(techLead).toBeVisible();
    await expect(techLead).not.toContainText("Tara Lead");
    await expect(techLead).not.toContainText("Signed");
    await admin.context.close();
  });

  test("a member of mgit only gets 404 for billing's release and settings, and no settings in mgit, where they are a contributor", async ({ browser }, testInfo) => {
    const member = await openBrowser(browser, testInfo, DEMO.member);
    const { page } = member;
    expect(await status(page, paths.billing)).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    expect(await status(page, "/p/billing/settings")).toBe(404);
    expect(await status(page, "/p/billing/settings/members")).toBe(404);
    expect(await status(page, "/p/billing/templates")).toBe(404);
    expect(await status(page, "/p/mgit/settings")).toBe(404);
    expect(await status(page, paths.mgit)).toBe(200);
    await expect(page.getByRole("navigation", { name: "Project" }).getByRole("link")).toHaveText(["Overview", "Releases", "Templates"]);
    // The old URL of billing's release is not found either; mgit's leads to its new place.
    expect(await status(page, `/releases/${paths.billing.split("/").at(-1)}`)).toBe(404);
    await page.goto(`/releases/${paths.mgit.split("/").at(-1)}`);
    await expect(page).toHaveURL(new RegExp(`${paths.mgit}$`));
    await member.context.close();
  });
});

test.describe("the project switcher and the project pages", () => {
  test.use({ signedInAs: "qaLead" });

  test("someone in two projects switches between them and sees who signs in each", async ({ page }, testInfo) => {
    await page.goto("/p/mgit");
    await expect(page.getByRole("heading", { level: 1, name: "mgit CLI" })).toBeVisible();
    // The card "Who signs off here": each role with its holders in this project.
    const holders = page.getByRole("list", { name: "Sign-off role holders" }).getByRole("listitem");
    const roleHolder = (role: string) => holders.filter({ hasText: new RegExp(`^${role}:`) });
    await expect(roleHolder("Tech Lead")).toHaveText("Tech Lead: Tara Lead");
    await expect(roleHolder("QA Lead")).toHaveText("QA Lead: Quinn Assure");
    await shot(page, testInfo, "project-overview-1280");
    expect(await axeViolations(page)).toEqual([]);

    await switcher(page).click();
    await page.getByRole("menu").getByRole("menuitem", { name: /^Billing service/ }).click();
    await expect(page).toHaveURL(/\/p\/billing$/);
    await expect(page.getByRole("heading", { level: 1, name: "Billing service" })).toBeVisible();
    await expect(switcher(page)).toHaveAccessibleName("Project: Billing service");
    // Other people sign here; Quinn is billing's Security Engineer, not its QA Lead.
    await expect(roleHolder("Tech Lead")).toHaveText("Tech Lead: Bea Billing");
    await expect(roleHolder("QA Lead")).toHaveText("QA Lead: Cody Checks");
    await expect(roleHolder("Security Engineer")).toHaveText("Security Engineer: Quinn Assure");
    // The header's Releases follows the project being viewed.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Releases" }).click();
    await expect(page).toHaveURL(/\/p\/billing\/releases$/);
    await switcher(page).click();
    await shot(page, testInfo, "switcher-open-1280", false);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("menu").getByRole("menuitem", { name: "All projects" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Projects" }).getByRole("listitem")).toHaveCount(2);
    await shot(page, testInfo, "projects-1280");
    expect(await axeViolations(page)).toEqual([]);
  });

  test("on a phone the projects are in the menu, and the project pages fit", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/p/billing");
    await expect(page.getByRole("heading", { level: 1, name: "Billing service" })).toBeVisible();
    const banner = page.getByRole("banner");
    expect((await banner.boundingBox())!.height).toBeLessThan(72);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, testInfo, "project-overview-390");
    await banner.getByRole("button", { name: "Menu" }).click();
    const menu = page.getByRole("menu");
    await expect(menu.getByRole("menuitem", { name: /^Billing service/ })).toHaveAttribute("aria-current", "page");
    await shot(page, testInfo, "menu-390", false);
    await menu.getByRole("menuitem", { name: /^mgit CLI/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "mgit CLI" })).toBeVisible();
  });
});

test.describe("creating a project and managing it", () => {
  test.use({ signedInAs: "admin" });

  test("an admin creates a project, adds members, changes a role, names role holders, renames it; a holder who is not a member is refused at the field", async ({ page, context }, testInfo) => {
    test.slow();
    const id = randomUUID().slice(0, 6);
    const key = `pay-${id}`;
    const name = `Payments ${id}`;
    await page.goto("/projects");
    await page.getByRole("button", { name: "Create project" }).click();
    const dialog = page.getByRole("dialog", { name: "Create project" });
    // Bad and taken keys are refused at the field.
    await dialog.getByLabel("Key").fill("Not A Key");
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Create project" }).click();
    await expect(dialog.getByText("Project keys are 2 to 40 lowercase letters, digits and dashes (e.g. mgit).")).toBeVisible(SAVE);
    await dialog.getByLabel("Key").fill("mgit");
    await dialog.getByRole("button", { name: "Create project" }).click();
    await expect(dialog.getByText("A project with the key mgit already exists.")).toBeVisible(SAVE);
    await dialog.getByLabel("Key").fill(key);
    await dialog.getByRole("button", { name: "Create project" }).click();
    await expect(page).toHaveURL(new RegExp(`/p/${key}/settings/members\\?created=1$`), SAVE);
    await expect(page.getByText(`Created ${name}, with the environments Staging and Production.`)).toBeVisible();

    // Members: two people, one made maintainer.
    const add = async (email: string) => {
      await page.getByRole("textbox", { name: "Email" }).fill(email);
      await page.getByRole("button", { name: "Add member" }).click();
      await expect(toasts(page).getByText(`Added ${email} as contributor.`)).toBeVisible(SAVE);
    };
    await add("billing-qa@countersign.test");
    await add("devops-engineer@countersign.test");
    const members = page.getByRole("table", { name: "Members" });
    await expect(members.getByRole("row")).toHaveCount(3);
    await page.getByRole("textbox", { name: "Email" }).fill("auditor@countersign.test");
    await page.getByRole("button", { name: "Add member" }).click();
    await expect(page.getByText(/is an auditor: auditors read and do not join projects/)).toBeVisible(SAVE);
    await members.getByRole("combobox", { name: "Project role of Cody Checks" }).selectOption("maintainer");
    await members.getByRole("row").filter({ hasText: "Cody Checks" }).getByRole("button", { name: "Save" }).click();
    await expect(toasts(page).getByText("billing-qa@countersign.test is now maintainer.")).toBeVisible(SAVE);
    await shot(page, testInfo, "settings-members-1280");
    expect(await axeWhenSettled(page)).toEqual([]);

    // Sign-off roles: Cody holds Tech Lead here.
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Sign-off roles" }).click();
    const techLead = page.getByRole("region", { name: "Tech Lead" });
    await techLead.getByRole("combobox").selectOption({ label: "Cody Checks (billing-qa@countersign.test)" });
    await techLead.getByRole("button", { name: "Add a holder of Tech Lead" }).click();
    await expect(toasts(page).getByText("billing-qa@countersign.test now holds Tech Lead in this project.")).toBeVisible(SAVE);
    await expect(techLead.getByRole("list", { name: "Holders of Tech Lead" })).toHaveText("Cody Checks");

    // A second tab removes Devon from the project while this one still offers him: the refusal names the field.
    const other = await context.newPage();
    await other.goto(`/p/${key}/settings/members`);
    await other.getByRole("button", { name: "Remove Devon Ops" }).click();
    await other.getByRole("dialog", { name: "Remove Devon Ops?" }).getByRole("button", { name: "Remove member" }).click();
    await expect(toasts(other).getByText("Removed devops-engineer@countersign.test from the project.")).toBeVisible(SAVE);
    await other.close();
    const qaLead = page.getByRole("region", { name: "QA Lead" });
    await qaLead.getByRole("combobox").selectOption({ label: "Devon Ops (devops-engineer@countersign.test)" });
    await qaLead.getByRole("button", { name: "Add a holder of QA Lead" }).click();
    await expect(qaLead.getByRole("alert")).toHaveText(`Devon Ops is not a member of ${name}; add them to the project first.`, SAVE);
    await expect(qaLead.getByRole("combobox")).toHaveAttribute("aria-invalid", "true");
    await shot(page, testInfo, "settings-signoff-roles-1280");
    expect(await axeWhenSettled(page)).toEqual([]);

    // General: renamed, the key stays; the switcher follows.
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "General" }).click();
    await page.getByLabel("Name").fill(`${name} renamed`);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(toasts(page).getByText(`Saved the project ${name} renamed.`)).toBeVisible(SAVE);
    await expect(switcher(page)).toHaveAccessibleName(`Project: ${name} renamed`);
    await expect(page.getByLabel("Key")).toHaveValue(key);
    expect(await axeWhenSettled(page)).toEqual([]);

    // The environments it started with, read-only here.
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Environments" }).click();
    await expect(page.getByRole("table", { name: "Environments" }).getByRole("row")).toHaveCount(3);
    expect(await axeWhenSettled(page)).toEqual([]);

    // A project token for CI: shown once, works on this project's API only, then revoked.
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Tokens" }).click();
    await page.getByRole("button", { name: "Create project token" }).click();
    const create = page.getByRole("dialog", { name: "Create project token" });
    await create.getByLabel("Name").fill(`CI ${id}`);
    await create.getByRole("checkbox", { name: /^items:write/ }).uncheck();
    await create.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByRole("dialog", { name: "API token created" });
    await expect(shown.getByText(`Anyone who has it can act as a contributor of ${name} renamed`)).toBeVisible(SAVE);
    const token = await shown.getByLabel("New API token").inputValue();
    await shown.getByRole("button", { name: "I have stored it" }).click();
    const tokens = page.getByRole("table", { name: "Project tokens" });
    await expect(tokens.getByRole("row").filter({ hasText: `CI ${id}` })).toContainText("releases:write");
    await expect(tokens.getByRole("row").filter({ hasText: `CI ${id}` })).not.toContainText("items:write");
    const bearer = { Authorization: `Bearer ${token}` };
    expect((await page.request.get(`/api/v1/projects/${key}/releases`, { headers: bearer })).status()).toBe(200);
    expect((await page.request.get("/api/v1/projects/mgit/releases", { headers: bearer })).status()).toBe(404);
    expect(await axeWhenSettled(page)).toEqual([]);
    await page.getByRole("button", { name: `Revoke CI ${id}` }).click();
    await page.getByRole("dialog", { name: `Revoke CI ${id}?` }).getByRole("button", { name: "Revoke token" }).click();
    await expect(toasts(page).getByText(`Revoked the project token CI ${id}.`)).toBeVisible(SAVE);
    await expect(tokens.getByRole("row").filter({ hasText: `CI ${id}` })).toContainText("Revoked");
    expect((await page.request.get(`/api/v1/projects/${key}/releases`, { headers: bearer })).status()).toBe(401);

    // On a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/p/${key}/settings/members`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, testInfo, "settings-members-390");
    await page.goto(`/p/${key}/settings/signoff-roles`);
    await shot(page, testInfo, "settings-signoff-roles-390");
  });
});
