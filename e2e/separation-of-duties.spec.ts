import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page, TestInfo } from "@playwright/test";
import { createUserInUI, DEMO_PROJECT, demoPassword, expect, joinDemoProject, openUsers, signIn, test, toasts, uniqueUser, welcomeHeading } from "./support/fixtures";

/**
 * Separation of duties and quorum in the browser (issue 11, ADR 023): an
 * admin sets an environment's sign-off policy in the project's settings; a
 * quorum of 2 for Security Engineer holds a release in "awaiting sign-off"
 * until a second, different holder signs; and the creator of a release in an
 * environment named production is refused, the refusal naming its rule.
 * Each release uses a one-item template with Security Engineer as its only
 * role, so two people are enough to approve it.
 */

/** Server round trips that hash a password (signing, creating a user) or build a page on a busy machine. */
const SAVE = 30_000;
const LIVE = 30_000;
const SECURITY = "Security Engineer";
/** The seeded Security Engineer. */
const SAM = { email: "security-engineer@countersign.test", name: "Sam Secure" };
const ITEM = "Threat model reviewed";

const randomVersion = () => `${Math.floor(Math.random() * 900) + 100}.${Math.floor(Math.random() * 1000)}.${Date.now() % 100_000}`;
const suffix = () => randomUUID().slice(0, 6);

async function openBrowser(browser: Browser, testInfo: TestInfo, email: string, password = demoPassword()): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(welcomeHeading(page)).toBeVisible({ timeout: SAVE });
  return { context, page };
}

/** Imports a one-item template whose only sign-off role is Security Engineer. */
async function importSmallTemplate(page: Page, name: string): Promise<void> {
  await page.goto(`/p/${DEMO_PROJECT}/templates`);
  await page.getByRole("link", { name: "Import template" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import template" })).toBeVisible();
  await page.getByLabel("Checklist text").fill(`# ${name}\n\n## Checks\n\n- [ ] ${ITEM}\n\n## Sign-off\n\n### Security\n- [ ] **${SECURITY}**: ______ Date: ____\n`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("region", { name: "Preview", exact: true }).getByRole("heading", { level: 2, name })).toBeVisible({ timeout: SAVE });
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/, { timeout: SAVE });
}

async function openEnvironments(page: Page): Promise<void> {
  await page.goto(`/p/${DEMO_PROJECT}/settings/environments`);
  await expect(page.getByRole("table", { name: "Environments" })).toBeVisible({ timeout: SAVE });
}

async function addEnvironment(page: Page, key: string, name: string): Promise<string> {
  await openEnvironments(page);
  await page.getByRole("button", { name: "Add environment" }).click();
  const dialog = page.getByRole("dialog", { name: "Add environment" });
  await dialog.getByLabel("Key", { exact: true }).fill(key);
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByRole("button", { name: "Add environment" }).click();
  const toast = toasts(page).getByText(new RegExp(`^Added the environment ${name}`));
  await expect(toast).toBeVisible({ timeout: SAVE });
  await expect(dialog).toBeHidden();
  return (await toast.textContent()) ?? "";
}

async function editEnvironment(page: Page, name: string): Promise<Locator> {
  await openEnvironments(page);
  await page.getByRole("button", { name: `Edit ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Edit ${name}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Creates a release of `template` in `environment` through the form, ticks its one item, and returns its path. */
async function createReadyRelease(page: Page, template: string, environment: string, version: string): Promise<string> {
  await page.goto(`/p/${DEMO_PROJECT}/releases/new`);
  await expect(page.getByRole("heading", { level: 1, name: "New release" })).toBeVisible({ timeout: SAVE });
  await page.getByRole("combobox", { name: "Template", exact: true }).selectOption({ label: template });
  await page.getByRole("combobox", { name: "Environment" }).selectOption({ label: environment });
  await page.getByRole("textbox", { name: "Version", exact: true }).fill(version);
  await page.getByRole("button", { name: "Create release" }).click();
  await expect(page).toHaveURL(/\/releases\/[0-9a-f-]{36}$/, { timeout: SAVE });
  await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible({ timeout: SAVE });
  await page.getByRole("checkbox", { name: ITEM, exact: true }).check();
  await expect(page.getByText("Awaiting sign-off", { exact: true }).first()).toBeVisible({ timeout: SAVE });
  return new URL(page.url()).pathname;
}

const securityRow = (page: Page): Locator => page.getByRole("region", { name: "Sign-offs" }).getByRole("listitem", { name: SECURITY, exact: true });

/** Opens the sign dialog for Security Engineer and fills it in, ready to submit. */
async function fillSignDialog(page: Page, password: string): Promise<Locator> {
  await securityRow(page).getByRole("button", { name: `Sign as ${SECURITY}` }).click();
  const dialog = page.getByRole("dialog", { name: `Sign as ${SECURITY}` });
  await expect(dialog.getByTestId("signoff-shown-hash")).toHaveText(/^[0-9a-f]{64}$/, { timeout: SAVE });
  await dialog.getByRole("checkbox", { name: "I confirm this is my signature" }).check();
  await dialog.getByLabel("Password").fill(password);
  return dialog;
}

test.describe("separation of duties", () => {
  test.use({ signedInAs: "admin" });
  test.describe.configure({ timeout: 300_000 });

  test("a quorum of 2 for Security Engineer holds the release in awaiting sign-off until the second distinct signer signs", async ({ page, browser }, testInfo) => {
    test.slow();
    const id = suffix();
    const template = `SoD quorum ${id}`;
    const environment = `Quorum ${id}`;
    const version = randomVersion();

    // A second Security Engineer in the project, besides the demo one.
    const second = { ...uniqueUser(), name: `Second Security ${id}` };
    await page.goto("/");
    await openUsers(page);
    await createUserInUI(page, second);
    await joinDemoProject(page, second, SECURITY);

    await importSmallTemplate(page, template);
    await addEnvironment(page, `quorum-${id}`, environment);

    // The policy: refused above the holders, with the field named; then 2 signers, confirmed and shown in the table.
    const dialog = await editEnvironment(page, environment);
    const quorum = dialog.getByRole("spinbutton", { name: SECURITY, exact: true });
    await expect(quorum).toHaveValue("1");
    await quorum.fill("100");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(quorum).toHaveAccessibleDescription(/Security Engineer has \d+ holders in this project; a quorum of 100 could never be met\./, { timeout: SAVE });
    await expect(quorum).toHaveAttribute("aria-invalid", "true");
    await dialog.screenshot({ path: testInfo.outputPath("quorum-refused.png") });
    await quorum.fill("2");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(toasts(page).getByText(new RegExp(`^Saved ${environment}: .*Security Engineer: 2 signers\\.$`))).toBeVisible({ timeout: SAVE });
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("list", { name: `Sign-off policy of ${environment}` })).toContainText("Security Engineer: 2 signers");

    const path = await createReadyRelease(page, template, environment, version);

    // The demo Security Engineer signs first: one of two, still awaiting sign-off.
    const first = await openBrowser(browser, testInfo, SAM.email);
    await first.page.goto(path);
    await expect(securityRow(first.page).getByTestId("quorum-progress")).toContainText("0 of 2 signed", { timeout: SAVE });
    let signDialog = await fillSignDialog(first.page, demoPassword());
    await signDialog.getByRole("button", { name: `Sign as ${SECURITY}` }).click();
    await expect(signDialog).toBeHidden({ timeout: SAVE });
    await expect(toasts(first.page).getByText(`Signed as ${SECURITY} (1 of 2 signers).`)).toBeVisible();
    await expect(securityRow(first.page).getByTestId("quorum-progress")).toContainText("1 of 2 signed", { timeout: LIVE });
    await expect(securityRow(first.page)).toContainText("Waiting for 1 more signer.");
    await expect(first.page.getByText("Awaiting sign-off", { exact: true }).first()).toBeVisible();
    // The same person cannot fill the quorum twice: no second sign button, only their revoke.
    await expect(securityRow(first.page).getByRole("button", { name: `Sign as ${SECURITY}` })).toHaveCount(0);
    await expect(securityRow(first.page).getByRole("button", { name: `Revoke your ${SECURITY} sign-off` })).toBeVisible();
    // Everyone sees it live, on the page of the release's creator too.
    await expect(page.getByRole("navigation", { name: "Sign-off summary" }).getByRole("link", { name: `${SECURITY}: partly signed, 1 of 2 signed` })).toBeVisible({ timeout: LIVE });
    await first.page.getByRole("region", { name: "Sign-offs" }).screenshot({ path: testInfo.outputPath("quorum-one-of-two.png") });

    // A second, different holder signs: the quorum is met and the release is approved.
    const other = await openBrowser(browser, testInfo, second.email, second.password);
    await other.page.goto(path);
    await expect(securityRow(other.page)).toContainText("1 of 2 signed", { timeout: SAVE });
    signDialog = await fillSignDialog(other.page, second.password);
    await signDialog.getByRole("button", { name: `Sign as ${SECURITY}` }).click();
    await expect(signDialog).toBeHidden({ timeout: SAVE });
    await expect(toasts(other.page).getByText(`Signed as ${SECURITY}. Every role has signed: the release is approved.`)).toBeVisible();
    for (const view of [other.page, first.page]) {
      await expect(view.getByText("Approved", { exact: true }).first()).toBeVisible({ timeout: LIVE });
      await expect(securityRow(view).getByTestId("quorum-progress")).toContainText("2 of 2 signed", { timeout: LIVE });
      await expect(securityRow(view)).toContainText(SAM.name);
      await expect(securityRow(view)).toContainText(second.name);
    }
    await other.page.getByRole("region", { name: "Sign-offs" }).screenshot({ path: testInfo.outputPath("quorum-met.png") });
    await first.context.close();
    await other.context.close();
  });

  test("the creator's attempt to sign production is refused with the rule's name", async ({ page, browser }, testInfo) => {
    test.slow();
    const id = suffix();
    const template = `SoD creator ${id}`;
    const environment = `Production ${id}`;
    const version = randomVersion();
    const rule = `Separation of duties (creator may not sign): you created this release; in ${environment} its creator may not sign it.`;

    await importSmallTemplate(page, template);
    // A new environment named production: the creator rule is on by default.
    expect(await addEnvironment(page, `production-${id}`, environment)).toBe(`Added the environment ${environment} (its creator may not sign a release there).`);
    await expect(page.getByRole("list", { name: `Sign-off policy of ${environment}` })).toContainText("The creator may not sign");
    let dialog = await editEnvironment(page, environment);
    const creatorRule = dialog.getByRole("checkbox", { name: "The release’s creator may not sign it" });
    await expect(creatorRule).toBeChecked();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    // The demo Security Engineer creates the release there: their sign button is disabled with the rule's reason.
    const creator = await openBrowser(browser, testInfo, SAM.email);
    const path = await createReadyRelease(creator.page, template, environment, version);
    const row = securityRow(creator.page);
    await expect(row.getByRole("button", { name: `Sign as ${SECURITY}` })).toBeDisabled({ timeout: SAVE });
    await expect(row.getByTestId("sign-blocker")).toHaveText(`Cannot sign yet: ${rule}`);
    await row.screenshot({ path: testInfo.outputPath("creator-refused-button.png") });

    // An attempt the server refuses: the dialog was opened while the rule was off, and the rule is back on when it is sent.
    dialog = await editEnvironment(page, environment);
    await dialog.getByRole("checkbox", { name: "The release’s creator may not sign it" }).uncheck();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(toasts(page).getByText(new RegExp(`^Saved ${environment}: .*The creator may sign`))).toBeVisible({ timeout: SAVE });
    await creator.page.goto(path);
    await expect(row.getByRole("button", { name: `Sign as ${SECURITY}` })).toBeEnabled({ timeout: SAVE });
    const signDialog = await fillSignDialog(creator.page, demoPassword());

    dialog = await editEnvironment(page, environment);
    await dialog.getByRole("checkbox", { name: "The release’s creator may not sign it" }).check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(toasts(page).getByText(new RegExp(`^Saved ${environment}: .*The creator may not sign`))).toBeVisible({ timeout: SAVE });

    await signDialog.getByRole("button", { name: `Sign as ${SECURITY}` }).click();
    const refusal = signDialog.getByRole("alert").filter({ hasText: "Nothing was signed" });
    await expect(refusal).toContainText(rule, { timeout: SAVE });
    await signDialog.screenshot({ path: testInfo.outputPath("creator-refused-dialog.png") });
    await signDialog.getByRole("button", { name: "Cancel" }).click();
    await expect(row).toContainText("Waiting for a signature.");
    await creator.context.close();
  });
});
