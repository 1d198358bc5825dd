import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { DEMO_PROJECT, expect, test, toasts } from "./support/fixtures";

/** The reference checklist (the repository's byte-for-byte copy of shared/reference/). */
const REFERENCE = fileURLToPath(new URL("../lib/seed/templates/mgit-production-checklist.md", import.meta.url));
/** Imported by `npm start`'s seed on the e2e database. */
const SEEDED = "mgit Production Deployment Checklist";

/** Server actions and navigation after them get more time than the default: the machine may be busy building. */
const slow = { timeout: 20_000 };
const uniqueName = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;
const preview = (page: Page) => page.getByRole("region", { name: "Preview", exact: true });
const parseError = (page: Page) => page.getByRole("alert").filter({ hasText: "The checklist could not be read" });

async function openImport(page: Page): Promise<void> {
  await page.goto(`/p/${DEMO_PROJECT}/templates`);
  await page.getByRole("link", { name: "Import template" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import template" })).toBeVisible();
}

/** Pastes a checklist under a name, previews it and saves it; returns after landing on the template page. */
async function importPasted(page: Page, name: string, markdown: string, toast: string): Promise<void> {
  await openImport(page);
  await page.getByLabel("Checklist text").fill(markdown);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(preview(page).getByRole("heading", { level: 2, name })).toBeVisible(slow);
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(toasts(page).getByText(toast)).toBeVisible(slow);
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/, slow);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test.describe("templates: admin imports", () => {
  test.use({ signedInAs: "admin" });

  test("imports the reference checklist from a file: preview, save, template page, Markdown download", async ({ page }) => {
    test.slow(); // two server round trips and a navigation per import
    const name = uniqueName("E2E mgit");
    await openImport(page);

    await page.getByLabel("Checklist file").setInputFiles(REFERENCE);
    await expect(page.getByLabel("Checklist text")).toHaveValue(/^# mgit Production Deployment Checklist\n/);
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Preview" }).click();

    const panel = preview(page);
    await expect(panel.getByRole("heading", { level: 2, name })).toBeVisible(slow);
    await expect(panel).toContainText("Saving creates a new template (version 1).");
    await expect(panel.getByRole("list", { name: "Summary" }).getByRole("listitem")).toHaveText([
      "7 sections",
      "20 subsections",
      "100 items",
      "9 staging items",
      "9 production items",
      "8 sign-off roles in 3 groups",
      "4 contact roles",
    ]);

    // What the importer guessed, each with its line.
    const notices = panel.getByRole("region", { name: "What the importer guessed" });
    await expect(notices.getByRole("listitem").filter({ hasText: 'Items under "Staging Deployment" apply only to the staging environment' })).toContainText(
      "Line 145",
    );
    await expect(notices.getByRole("listitem").filter({ hasText: '"Sign-off" became the template' })).toContainText("Line 214");

    // The tree: sections > subsections > items, optional items marked.
    const validation = panel.getByRole("region", { name: "Pre-deployment Validation" });
    await expect(validation.getByRole("list", { name: "Code Quality" }).getByRole("listitem")).toHaveCount(5);
    await expect(validation.getByRole("list", { name: "Documentation" }).getByRole("listitem").filter({ hasText: "Migration guide available" })).toContainText(
      "Optional",
    );

    // Environment-specific items, by environment and phase, commands as code.
    const environments = panel.getByRole("region", { name: "Environment-Specific Checklists" });
    await expect(environments.getByText("staging only", { exact: true })).toBeVisible();
    const stagingDeploy = environments.getByRole("list", { name: "Staging Deployment: Deployment" });
    await expect(stagingDeploy.getByRole("listitem")).toHaveCount(3);
    await expect(stagingDeploy.locator("code")).toHaveText("./scripts/deploy.sh --environment staging --version X.Y.Z");

    // The runbook stays preformatted Markdown text, not HTML.
    const runbook = panel.getByRole("region", { name: "Rollback Procedures", exact: true });
    await expect(runbook).toContainText("### Manual Rollback Process");
    await expect(runbook.getByRole("heading", { name: "Manual Rollback Process" })).toHaveCount(0);
    await expect(runbook).toContainText("./scripts/rollback.sh --environment production --force");

    const signoff = panel.getByRole("region", { name: "Sign-off", exact: true });
    await expect(signoff.getByRole("heading", { level: 4 })).toHaveText(["Development Team", "Operations Team", "Business Stakeholders"]);
    await expect(signoff.getByRole("listitem")).toHaveCount(8);
    await expect(signoff.getByRole("list", { name: "Business Stakeholders" }).getByRole("listitem")).toHaveText(["Product Manager", "Engineering Manager"]);

    await expect(panel.getByRole("region", { name: "Emergency Contacts" }).getByRole("listitem")).toHaveText([
      "On-call Engineer",
      "DevOps Lead",
      "Security Lead",
      "Product Manager",
    ]);
    await expect(panel.getByRole("region", { name: "Closing note" })).toContainText("Keep a copy of the completed checklist");

    await page.getByRole("button", { name: "Save template" }).click();
    await expect(toasts(page).getByText(`Imported "${name}".`)).toBeVisible(slow);
    await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/, slow);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByText("Version 1 of 1")).toBeVisible();
    await expect(page.getByRole("list", { name: "Template size" }).first()).toContainText("100 items");
    await expect(page.getByRole("link", { name: "Edit", exact: true })).toHaveAttribute("href", /\/templates\/[0-9a-f-]{36}\/edit$/);
    await expect(page.getByRole("list", { name: "Versions" }).getByRole("link")).toHaveText([/^Version 1 .*UTC.*100 items$/]);
    await expect(page.getByRole("region", { name: "Sign-off", exact: true }).getByRole("listitem")).toHaveCount(8);

    const downloadLink = page.getByRole("link", { name: "Download Markdown" });
    await expect(downloadLink).toHaveAttribute("href", /\/export\?version=1$/);
    const downloading = page.waitForEvent("download");
    await downloadLink.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^e2e-mgit-[0-9a-f]{8}-v1\.md$/);
    const markdown = await readFile((await download.path())!, "utf8");
    expect(markdown.startsWith("# mgit Production Deployment Checklist\n")).toBe(true);
    expect(markdown).toContain("- [ ] **Engineering Manager**:");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
    const row = page.getByRole("table", { name: "Templates" }).getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("Version 1");
    await expect(row).toContainText("100 items");
  });

  test("text without items shows the line-numbered error, keeps the text and saves nothing", async ({ page }) => {
    const name = uniqueName("E2E garbage");
    const garbage = "Just some notes about the release.\n\nNo checkboxes anywhere.";
    await openImport(page);

    await page.getByRole("button", { name: "Preview" }).click();
    await expect(parseError(page)).toContainText("Paste the checklist or choose a file.", slow);
    await expect(page.getByLabel("Checklist text")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Checklist text").fill(garbage);
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(parseError(page)).toContainText('Line 1: No checklist items were found. Items are Markdown task-list lines such as "- [ ] All tests pass".', slow);
    await expect(page.getByLabel("Checklist text")).toHaveValue(garbage);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
    await expect(page.getByRole("button", { name: "Save template" })).toHaveCount(0);
    await expect(preview(page)).toHaveCount(0);

    await page.goto(`/p/${DEMO_PROJECT}/templates`);
    await expect(page.getByRole("table", { name: "Templates" })).toBeVisible();
    await expect(page.getByRole("link", { name })).toHaveCount(0);
  });

  test("re-importing under the same name adds version 2, and the versions compare item by item", async ({ page }) => {
    test.slow(); // two server round trips and a navigation per import
    const name = uniqueName("E2E diff");
    const v1 = "# Diff checklist\n\n## Build\n- [ ] Tests pass\n- [ ] Lint passes\n- [ ] Old step\n\n## Ship\n- [ ] Deploy\n- [ ] Announce\n";
    const v2 = "# Diff checklist\n\n## Build\n- [ ] Lint passes\n- [ ] Tests pass\n- [ ] New step\n\n## Ship\n- [ ] Deploy (staging only)\n- [ ] Announce\n";
    await importPasted(page, name, v1, `Imported "${name}".`);
    await expect(page.getByText("There is only one version so far")).toBeVisible();

    await openImport(page);
    await page.getByLabel("Checklist text").fill(v2);
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(preview(page)).toContainText("A template with this name exists (version 1); saving adds version 2 to it.", slow);
    await page.getByRole("button", { name: "Save template" }).click();
    await expect(toasts(page).getByText(`Saved version 2 of "${name}".`)).toBeVisible(slow);
    await expect(page.getByText("Version 2 of 2")).toBeVisible(slow);

    await expect(page.getByLabel("From", { exact: true })).toHaveValue("1");
    await expect(page.getByLabel("To", { exact: true })).toHaveValue("2");
    await page.getByRole("button", { name: "Compare" }).click();
    await expect(page).toHaveURL(/from=1&to=2/);
    await expect(page.getByRole("list", { name: "Differences" }).getByRole("listitem")).toHaveText(["1 added", "1 removed", "1 changed", "2 moved"]);
    await expect(page.getByRole("list", { name: "Added (1)" })).toContainText("New step");
    await expect(page.getByRole("list", { name: "Added (1)" })).toContainText("in Build (item 3)");
    await expect(page.getByRole("list", { name: "Removed (1)" })).toContainText("Old step");
    await expect(page.getByRole("list", { name: "Changed (1)" })).toContainText("Deploy");
    await expect(page.getByRole("list", { name: "Changed (1)" })).toContainText("all environments");
    await expect(page.getByRole("list", { name: "Changed (1)" })).toContainText("staging only");
    await expect(page.getByRole("list", { name: "Moved (2)" })).toContainText("Lint passes");

    // An older version is viewable and says so.
    await page.getByRole("list", { name: "Versions" }).getByRole("link", { name: /^Version 1 / }).click();
    await expect(page.getByText("Version 1 of 2")).toBeVisible();
    await expect(page.getByText("You are viewing version 1, not the latest.")).toBeVisible();
    await expect(page.getByRole("region", { name: "Build", exact: true }).getByRole("listitem")).toHaveText(["Tests pass", "Lint passes", "Old step"]);
    await expect(page.getByRole("link", { name: "Download Markdown" })).toHaveAttribute("href", /\/export\?version=1$/);

    await page.goto(`${new URL(page.url()).pathname}?version=3`);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  });
});

test.describe("templates: member", () => {
  test.use({ signedInAs: "member" });

  test("a member sees the templates read-only, and /templates/import is Not found", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Templates" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Import template" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Import template" })).toHaveCount(0);

    await page.getByRole("table", { name: "Templates" }).getByRole("link", { name: SEEDED, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: SEEDED })).toBeVisible();
    await expect(page.getByRole("link", { name: "Download Markdown" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);

    // Refused before anything streams: a real 404, like a page that does not exist.
    expect((await page.goto(`/p/${DEMO_PROJECT}/templates/import`))?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await expect(page.getByRole("textbox")).toHaveCount(0);
  });

  test("an unknown template id is Not found", async ({ page }) => {
    expect((await page.goto(`/p/${DEMO_PROJECT}/templates/${randomUUID()}`))?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    expect((await page.goto(`/p/${DEMO_PROJECT}/templates/not-a-uuid`))?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  });
});
