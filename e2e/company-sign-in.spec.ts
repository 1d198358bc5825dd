import type { Browser, Page, TestInfo } from "@playwright/test";
import { startTestProvider, type TestProvider } from "../tests/support/oidc-provider";
import { DEMO, DEMO_PROJECT, expect, openUsers, signIn, test, toasts, welcomeHeading } from "./support/fixtures";
import { createProfileToken, readyStagingRelease } from "./support/pipeline";

/**
 * Company sign-in in Chromium (issue 13, ADR 027), against a real OpenID
 * provider (oidc-provider, tests/support/oidc-provider.ts) on the port the
 * web server was told (playwright.config.ts): an admin maps a group on the
 * Users page; the first sign-in with the provider makes the account with the
 * mapped sign-off role; once the provider drops the group, the next sign-in
 * removes the role; an account without a password confirms a signature with
 * a fresh sign-in at the provider (prompt=login) and comes back to the open
 * dialog; a callback whose state is not the browser's is refused.
 */

const SAVE = 30_000;
const suffix = () => Math.random().toString(36).slice(2, 8);
let provider: TestProvider;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const base = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;
  provider = await startTestProvider({
    port: Number(process.env.E2E_OIDC_PORT),
    clientSecret: process.env.E2E_OIDC_SECRET,
    redirectUris: [`${base}/api/auth/callback/oidc`, `${base.replace("http:", "https:")}/api/auth/callback/oidc`],
  });
});
test.afterEach(async ({ page: _page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus && provider.errors.length) console.error(`[test provider] ${provider.errors.join("; ")}`);
});
test.afterAll(async () => {
  await provider?.close();
});

/** Clicks "Sign in with Test IdP" and signs in at the provider's page as `login`. */
async function signInWithProvider(page: Page, login: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible({ timeout: SAVE });
  await page.getByLabel("User name").fill(login);
  await page.getByRole("button", { name: "Continue" }).click();
}

async function rolesOnProfile(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  await page.goto("/profile");
  const roles = page.getByRole("definition").filter({ has: page.getByRole("list", { name: "Sign-off roles" }) }).or(page.getByText("None", { exact: true }));
  await expect(roles.first()).toBeVisible({ timeout: SAVE });
  // An account made by company sign-in has no password: the profile says how it signs in instead of offering a change.
  await expect(page.getByText("You sign in with Test IdP. Countersign keeps no password for you; your company manages your sign-in.")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveCount(0);
  await expect(page.getByText("Until then you confirm signatures with a fresh sign-in at Test IdP.")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  return (await roles.first().innerText()).trim();
}

/** An admin maps `group` to SRE Lead in mgit on the Users page. */
async function mapGroupToSreLead(browser: Browser, group: string, testInfo: TestInfo): Promise<void> {
  const admin = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const adminPage = await admin.newPage();
  await signIn(adminPage, DEMO.admin);
  await expect(welcomeHeading(adminPage)).toBeVisible({ timeout: SAVE });
  await openUsers(adminPage);
  const form = adminPage.getByRole("form", { name: "Map a group" });
  await form.getByLabel("Group").fill(group);
  await form.getByLabel("Project", { exact: true }).selectOption({ value: DEMO_PROJECT });
  await form.getByLabel("Sign-off role in the project").selectOption({ label: "SRE Lead" });
  await form.getByRole("button", { name: "Map group" }).click();
  await expect(toasts(adminPage).getByText(`Mapped the group ${group}; its members get the grants at their next company sign-in.`)).toBeVisible({ timeout: SAVE });
  await expect(adminPage.getByRole("table", { name: "Group mappings" }).getByRole("row").filter({ hasText: group })).toContainText("Contributor of mgit CLI, SRE Lead");
  await adminPage.screenshot({ path: testInfo.outputPath("group-mappings.png"), fullPage: true });
  await admin.close();
}

test.describe("company sign-in", () => {
  test("first sign-in makes the account with its mapped role; a group dropped at the provider drops the role at the next sign-in", async ({ page, browser }, testInfo) => {
    test.slow();
    const id = suffix();
    const group = `e2e-sre-leads-${id}`;
    const sub = `sam-${id}`;
    provider.accounts.set(sub, { sub, email: `${sub}@corp.example.test`, name: `Sam SSO ${id}`, groups: [group, "unmapped"] });

    // The admin maps the group to SRE Lead in mgit on the Users page.
    await mapGroupToSreLead(browser, group, testInfo);

    // First sign-in: the account is made, with the role the group maps to.
    await signInWithProvider(page, sub);
    await expect(welcomeHeading(page)).toBeVisible({ timeout: SAVE });
    await expect(welcomeHeading(page)).toContainText(`Sam SSO ${id}`);
    expect(await rolesOnProfile(page, testInfo, "first-sign-in")).toBe("SRE Lead");

    // The provider drops the group; the next sign-in drops the role.
    provider.accounts.get(sub)!.groups = ["unmapped"];
    await page.context().clearCookies();
    await signInWithProvider(page, sub);
    await expect(welcomeHeading(page)).toBeVisible({ timeout: SAVE });
    expect(await rolesOnProfile(page, testInfo, "group-dropped")).toBe("None");
  });

  test("an account without a password confirms its signature with a fresh sign-in at the provider, and the sign-off says so", async ({ page, browser, request }, testInfo) => {
    test.slow();
    const id = suffix();
    const group = `e2e-sso-signers-${id}`;
    const sub = `sid-${id}`;
    provider.accounts.set(sub, { sub, email: `${sub}@corp.example.test`, name: `Sid SSO ${id}`, groups: [group] });
    await mapGroupToSreLead(browser, group, testInfo);

    // A pipeline (a member's token) makes an mgit staging release ready for sign-off.
    const pipeline = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const pipelinePage = await pipeline.newPage();
    await signIn(pipelinePage, DEMO.member);
    await expect(welcomeHeading(pipelinePage)).toBeVisible({ timeout: SAVE });
    const version = `${Math.floor(Math.random() * 900) + 100}.${Date.now() % 100_000}.1`;
    const { path } = await readyStagingRelease(request, await createProfileToken(pipelinePage), { project: DEMO_PROJECT, version, template: "mgit Production Deployment Checklist" });
    await pipeline.close();

    // The SSO account opens the sign dialog: no password to offer, a fresh sign-in at the provider instead.
    await signInWithProvider(page, sub);
    await expect(welcomeHeading(page)).toBeVisible({ timeout: SAVE });
    await page.goto(path);
    const row = page.getByRole("listitem", { name: "SRE Lead", exact: true });
    await row.getByRole("button", { name: "Sign as SRE Lead" }).click();
    const dialog = page.getByRole("dialog", { name: "Sign as SRE Lead" });
    await expect(dialog.getByTestId("signoff-shown-hash")).toHaveText(/^[0-9a-f]{64}$/, { timeout: SAVE });
    await expect(dialog.getByText("To sign, confirm it is you at Test IdP")).toBeVisible();
    await expect(dialog.getByLabel("Password")).toHaveCount(0);
    await expect(dialog.getByRole("radio", { name: "Your password" })).toHaveCount(0);
    await expect(dialog.getByRole("button", { name: "Sign as SRE Lead" })).toBeDisabled();
    await dialog.getByLabel("Meaning of your signature").fill(`SRE Lead approval of ${version}, confirmed at the provider`);
    await page.screenshot({ path: testInfo.outputPath("sso-confirm-needed.png"), fullPage: false });

    // Off to the provider, which asks again (prompt=login); back on the release, the dialog reopens with what was typed.
    await dialog.getByRole("button", { name: "Confirm with Test IdP" }).click();
    await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible({ timeout: SAVE });
    await page.getByLabel("User name").fill(sub);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`), { timeout: SAVE });
    const back = page.getByRole("dialog", { name: "Sign as SRE Lead" });
    await expect(back.getByText(/^Test IdP confirmed it is you\. Sign before \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC;/)).toBeVisible({ timeout: SAVE });
    await expect(back.getByLabel("Meaning of your signature")).toHaveValue(`SRE Lead approval of ${version}, confirmed at the provider`);
    await back.getByRole("checkbox", { name: "I confirm this is my signature" }).check();
    await page.screenshot({ path: testInfo.outputPath("sso-confirmed.png"), fullPage: false });
    await back.getByRole("button", { name: "Sign as SRE Lead" }).click();
    await expect(toasts(page).getByText(/^Signed as SRE Lead with your company sign-in\./)).toBeVisible({ timeout: SAVE });
    await expect(row).toContainText("Signed", { timeout: SAVE });
    await expect(row).toContainText(`Sid SSO ${id}`);
  });

  test("a callback whose state is not this browser's is refused with a message, and nobody is signed in", async ({ page }, testInfo) => {
    const sub = `eve-${suffix()}`;
    provider.accounts.set(sub, { sub, email: `${sub}@corp.example.test`, name: "Eve", groups: [] });
    // The provider sends the browser back with a state this browser never had.
    provider.forgeState = "forged-state";
    await signInWithProvider(page, sub);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible({ timeout: SAVE });
    await expect(page.getByRole("alert").filter({ hasText: "The sign-in with Test IdP did not complete" })).toBeVisible();
    provider.forgeState = null;
    await page.screenshot({ path: testInfo.outputPath("state-refused.png"), fullPage: true });
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
