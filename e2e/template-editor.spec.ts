import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "@playwright/test";
import { DEMO_PROJECT, expect, test, toasts } from "./support/fixtures";

/**
 * The template editor. Every test edits its own copy of the reference
 * checklist (imported under a unique name), so specs running in parallel never
 * see each other's versions; the seeded template is only read.
 */

const REFERENCE = fileURLToPath(new URL("../lib/seed/templates/mgit-production-checklist.md", import.meta.url));
const SEEDED = "mgit Production Deployment Checklist";
/** Importing, opening the 100-item editor and saving take a while on a busy CI machine. */
const SLOW = 30_000;
const uniqueName = () => `E2E Editor ${randomUUID().slice(0, 8)}`;

/** Imports the reference checklist under `name` through the import page; returns the template page's path. */
async function importCopy(page: Page, name: string): Promise<string> {
  await page.goto(`/p/${DEMO_PROJECT}/templates/import`);
  await page.getByLabel("Checklist text").fill(await readFile(REFERENCE, "utf8"));
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("region", { name: "Preview", exact: true }).getByRole("heading", { level: 2, name })).toBeVisible();
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/, { timeout: SLOW });
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname;
}

async function openEditor(page: Page, templatePath: string, name: string): Promise<void> {
  await page.goto(templatePath);
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Edit ${name}` })).toBeVisible({ timeout: SLOW });
}

const section = (page: Page, title: string) => page.getByRole("region", { name: `Section “${title}”` });
const subsection = (scope: Page | Locator, title: string) => scope.getByRole("group", { name: `Subsection “${title}”` });
const item = (scope: Page | Locator, title: string) => scope.getByRole("group", { name: `Item “${title}”` });
/** The widest right edge of anything in the page's main content, in CSS pixels. */
const mainContentRight = (page: Page) =>
  page.locator("main").evaluate((main) => Math.max(...[main, ...main.querySelectorAll("*")].map((element) => element.getBoundingClientRect().right)));

const itemTitles = (scope: Locator) =>
  scope.getByRole("textbox", { name: "Item title" }).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));

test.describe("template editor: admin", () => {
  test.use({ signedInAs: "admin" });
  // Each test first imports its own 100-item copy through the import page.
  test.describe.configure({ timeout: 90_000 });

  test("renames an item, moves one down, adds an optional production-only item, changes sign-off roles and saves version 2", async ({ page }) => {
    const name = uniqueName();
    const templatePath = await importCopy(page, name);
    await openEditor(page, templatePath, name);
    await expect(page.getByText("Editing version 1. Saving creates version 2.")).toBeVisible();
    await expect(page.getByText("No changes yet")).toBeVisible();

    // Rename.
    await item(page, "Smoke tests pass").getByRole("textbox", { name: "Item title" }).fill("Smoke tests pass on staging");
    await expect(item(page, "Smoke tests pass on staging")).toBeVisible();
    await expect(page.getByText("Unsaved changes")).toBeVisible();

    // Move down with the button; focus stays on it for the next press.
    const codeQuality = subsection(section(page, "Pre-deployment Validation"), "Code Quality");
    const moveDown = page.getByRole("button", { name: "Move item “Code coverage meets minimum threshold (80%+)” down" });
    await moveDown.click();
    await expect(moveDown).toBeFocused();
    expect(await itemTitles(codeQuality)).toEqual([
      "All tests pass (unit, integration, security)",
      "Static analysis (Bandit, Ruff, MyPy) passes",
      "Code coverage meets minimum threshold (80%+)",
      "Dependency vulnerability scan clean",
      "No high-severity security findings",
    ]);

    // Add: the new item's title gets the focus.
    await codeQuality.getByRole("button", { name: "Add item to subsection “Code Quality”" }).click();
    await expect(codeQuality.getByRole("group", { name: "Item (untitled)" }).getByRole("textbox", { name: "Item title" })).toBeFocused();
    await page.keyboard.type("Licence check passes");
    const added = item(codeQuality, "Licence check passes");
    await added.getByRole("checkbox", { name: "Required" }).uncheck();
    await added.getByRole("checkbox", { name: "All environments" }).uncheck();
    await added.getByRole("checkbox", { name: "staging" }).uncheck();
    await expect(added.getByRole("checkbox", { name: "production" })).toBeChecked();
    await added.getByRole("textbox", { name: "Command" }).fill("npx license-checker --production");

    // Sign-off roles: QA Lead is no longer required; SRE Lead answers for the first section.
    await page.getByRole("checkbox", { name: "QA Lead", exact: true }).uncheck();
    await expect(page.getByRole("group", { name: "Not required" }).getByRole("checkbox", { name: "QA Lead" })).not.toBeChecked();
    const preDeployment = section(page, "Pre-deployment Validation");
    await preDeployment.locator("summary").click();
    await preDeployment.getByRole("group", { name: "Responsible sign-off roles for “Pre-deployment Validation”" }).getByRole("checkbox", { name: "SRE Lead" }).check();
    await expect(preDeployment.getByText("Responsible: SRE Lead")).toBeVisible();

    // The runbook is shown, read-only.
    const runbook = page.getByRole("region", { name: "Runbook “Rollback Procedures”" });
    await expect(runbook.getByText("Read-only", { exact: true })).toBeVisible();
    await expect(runbook.getByRole("textbox")).toHaveCount(0);

    await page.getByRole("button", { name: "Save as version 2" }).click();
    await expect(toasts(page).getByText("Saved version 2.")).toBeVisible({ timeout: SLOW });
    await expect(page).toHaveURL(new RegExp(`${templatePath}$`));
    await expect(page.getByText("Version 2 of 2")).toBeVisible();

    const tree = page.getByRole("region", { name: "Pre-deployment Validation" });
    const saved = tree.getByRole("list", { name: "Code Quality" }).getByRole("listitem");
    await expect(saved).toHaveCount(6);
    await expect(saved.nth(1)).toContainText("Static analysis (Bandit, Ruff, MyPy) passes");
    await expect(saved.nth(2)).toContainText("Code coverage meets minimum threshold (80%+)");
    await expect(saved.nth(5)).toContainText("Licence check passes");
    await expect(saved.nth(5)).toContainText(/optional/i);
    await expect(page.getByRole("region", { name: "Environment Preparation" }).getByText("Smoke tests pass on staging")).toBeVisible();
  });

  test("a second editor of the same version is refused with the conflict message and keeps its edits", async ({ page, browser, demoSession }, testInfo) => {
    const name = uniqueName();
    const templatePath = await importCopy(page, name);
    const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: await demoSession("admin") });
    try {
      const second = await other.newPage();
      await openEditor(page, templatePath, name);
      await openEditor(second, templatePath, name);

      await item(page, "Monitoring configured").getByRole("textbox", { name: "Item title" }).fill("Monitoring and alerting configured");
      await page.getByRole("button", { name: "Save as version 2" }).click();
      await expect(toasts(page).getByText("Saved version 2.")).toBeVisible({ timeout: SLOW });

      const title = item(second, "Rollback procedure tested").getByRole("textbox", { name: "Item title" });
      await title.fill("Rollback procedure rehearsed");
      await second.getByRole("button", { name: "Save as version 2" }).click();

      const alert = second.getByRole("alert").filter({ hasText: "Your changes were not saved" });
      await expect(alert).toBeVisible({ timeout: SLOW });
      await expect(alert).toContainText("Someone saved version 2 of this template while you were editing.");
      await expect(second).toHaveURL(new RegExp(`${templatePath}/edit$`));
      await expect(item(second, "Rollback procedure rehearsed").getByRole("textbox", { name: "Item title" })).toHaveValue("Rollback procedure rehearsed");
      await expect(second.getByText("Unsaved changes")).toBeVisible();
      await second.screenshot({ path: testInfo.outputPath("conflict.png") });

      const [download] = await Promise.all([second.waitForEvent("download"), alert.getByRole("button", { name: "Download my edits as JSON" }).click()]);
      expect(download.suggestedFilename()).toMatch(/-edits-from-v1\.json$/);
      const saved = JSON.parse(await readFile(await download.path(), "utf8")) as { baseVersion: number; document: { blocks: unknown[] } };
      expect(saved.baseVersion).toBe(1);
      expect(JSON.stringify(saved.document)).toContain("Rollback procedure rehearsed");

      // Only the first save is stored.
      await page.goto(templatePath);
      await expect(page.getByText("Version 2 of 2")).toBeVisible();
      const preparation = page.getByRole("region", { name: "Environment Preparation" });
      await expect(preparation.getByText("Monitoring and alerting configured")).toBeVisible();
      await expect(preparation.getByText("Rollback procedure tested")).toBeVisible();
      await expect(page.getByText("Rollback procedure rehearsed")).toHaveCount(0);
    } finally {
      await other.close();
    }
  });

  test("at 390px: problems are shown at their fields, nothing is saved, and moving works from the keyboard", async ({ page }, testInfo) => {
    const name = uniqueName();
    const templatePath = await importCopy(page, name);
    await page.setViewportSize({ width: 390, height: 844 });
    await openEditor(page, templatePath, name);
    expect(await mainContentRight(page)).toBeLessThanOrEqual(390);

    // Keyboard only: focus "Move up" and press Enter twice.
    const docs = subsection(section(page, "Pre-deployment Validation"), "Documentation");
    const moveUp = page.getByRole("button", { name: "Move item “Deployment documentation reviewed” up" });
    await moveUp.focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    expect(await itemTitles(docs)).toEqual([
      "README.md updated with new features",
      "Deployment documentation reviewed",
      "CHANGELOG.md updated with release notes",
      "API documentation current",
      "Migration guide available (if breaking changes)",
    ]);

    // An empty title and a new untitled section are refused before anything is sent.
    await item(page, "API documentation current").getByRole("textbox", { name: "Item title" }).fill("");
    await page.getByRole("button", { name: "Add section" }).click();
    await expect(page.getByRole("textbox", { name: "Section 8 title" })).toBeFocused();
    await page.getByRole("button", { name: "Save as version 2" }).click();

    const summary = page.getByRole("alert").filter({ hasText: "Fix 2 problems before saving" });
    await expect(summary).toBeVisible();
    const emptyItem = docs.getByRole("group", { name: "Item (untitled)" });
    await expect(emptyItem.getByRole("textbox", { name: "Item title" })).toHaveAccessibleDescription("Title is required.");
    await expect(page.getByRole("textbox", { name: "Section 8 title" })).toHaveAccessibleDescription("Title is required.");
    await page.screenshot({ path: testInfo.outputPath("problems-390.png") });

    // Fixing one clears its message at once.
    await emptyItem.getByRole("textbox", { name: "Item title" }).fill("API reference current");
    await expect(page.getByRole("alert").filter({ hasText: "Fix 1 problem before saving" })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`${templatePath}/edit$`));
    expect(await mainContentRight(page)).toBeLessThanOrEqual(390);

    // Remove the empty section again; the template is still at version 1.
    await page.getByRole("button", { name: "Remove section (untitled)" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /before saving/ })).toHaveCount(0);
    const response = await page.request.get(`${templatePath}/export`);
    expect(await response.text()).not.toContain("API reference current");

    // Leaving with unsaved changes asks first.
    const dialog = page.waitForEvent("dialog");
    await page.close({ runBeforeUnload: true });
    expect((await dialog).type()).toBe("beforeunload");
    await (await dialog).dismiss();
  });
});

test.describe("template editor: member", () => {
  test.use({ signedInAs: "member" });

  test("a member sees no Edit link and gets Not found on the edit page", async ({ page }) => {
    await page.goto(`/p/${DEMO_PROJECT}/templates`);
    await page.getByRole("link", { name: SEEDED }).click();
    await expect(page.getByRole("heading", { level: 1, name: SEEDED })).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);

    await page.goto(`${new URL(page.url()).pathname}/edit`);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Save as version/ })).toHaveCount(0);
    await expect(page.getByRole("textbox")).toHaveCount(0);
  });
});
