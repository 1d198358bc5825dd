import { execFileSync, spawnSync } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PDFParse } from "pdf-parse";
import type { Browser, Locator, Page, TestInfo } from "@playwright/test";
import { createUserInUI, DEMO_PROJECT, expect, joinDemoProject, openUsers, signIn, test, toasts, uniqueUser, welcomeHeading } from "./support/fixtures";

/**
 * Passkeys in Chromium (issue 13, ADR 024), with the DevTools protocol's
 * virtual authenticator: an admin makes an environment require passkey
 * signatures; a Security Engineer without a passkey cannot sign there,
 * registers one on their profile, and signs with it; the certificate says
 * "signed with passkey" with the key's fingerprint, which matches the key the
 * authenticator holds; the evidence bundle's own verifier checks the passkey
 * signature with openssl, and names the sign-off once its signature is
 * tampered with.
 *
 * WebAuthn refuses IP addresses as relying party, so the signer's browser
 * opens the app at localhost (same server, same port).
 */

const SAVE = 30_000;
const SECURITY = "Security Engineer";
const ITEM = "Threat model reviewed";
const randomVersion = () => `${Math.floor(Math.random() * 900) + 100}.${Math.floor(Math.random() * 1000)}.${Date.now() % 100_000}`;
const suffix = () => Math.random().toString(36).slice(2, 8);

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

/** Adds an environment, then ticks "Signatures must be made with a passkey" in its edit dialog. */
async function addPasskeyEnvironment(page: Page, key: string, name: string): Promise<void> {
  await openEnvironments(page);
  await page.getByRole("button", { name: "Add environment" }).click();
  const add = page.getByRole("dialog", { name: "Add environment" });
  await add.getByLabel("Key", { exact: true }).fill(key);
  await add.getByLabel("Name", { exact: true }).fill(name);
  await add.getByRole("button", { name: "Add environment" }).click();
  await expect(toasts(page).getByText(new RegExp(`^Added the environment ${name}`))).toBeVisible({ timeout: SAVE });
  await expect(add).toBeHidden();
  await page.getByRole("button", { name: `Edit ${name}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${name}` });
  const rule = edit.getByRole("checkbox", { name: "Signatures must be made with a passkey" });
  await expect(rule).not.toBeChecked();
  await rule.check();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(toasts(page).getByText(new RegExp(`^Saved ${name}: .*Passkey signatures required`))).toBeVisible({ timeout: SAVE });
  await expect(edit).toBeHidden();
  await expect(page.getByRole("list", { name: `Sign-off policy of ${name}` })).toContainText("Passkey signatures required");
}

/** A release of the one-item template in `environment`, its item ticked: it awaits sign-off. Returns its path. */
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

/** The signer's own browser at localhost, with a virtual platform authenticator that verifies the user (like a fingerprint reader). */
async function signerBrowser(browser: Browser, testInfo: TestInfo, email: string, password: string) {
  const base = new URL(testInfo.project.use.baseURL!);
  base.hostname = "localhost";
  const context = await browser.newContext({ baseURL: base.origin, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  await signIn(page, email, password);
  await expect(welcomeHeading(page)).toBeVisible({ timeout: SAVE });
  /** The fingerprint of the one key the authenticator holds, computed here from its private key: sha256 of the DER public key. */
  const keyFingerprint = async (): Promise<string> => {
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    const privateKey = createPrivateKey({ key: Buffer.from(credentials[0]!.privateKey, "base64"), format: "der", type: "pkcs8" });
    return createHash("sha256").update(createPublicKey(privateKey).export({ type: "spki", format: "der" })).digest("hex");
  };
  return { context, page, keyFingerprint };
}

const securityRow = (page: Page): Locator => page.getByRole("region", { name: "Sign-offs" }).getByRole("listitem", { name: SECURITY, exact: true });

test.describe("passkeys", () => {
  test.use({ signedInAs: "admin" });
  test.describe.configure({ timeout: 300_000 });

  test("register a passkey, sign a role with it where passkeys are required, and verify the signature in the evidence bundle", async ({ page, browser }, testInfo) => {
    test.slow();
    const id = suffix();
    const template = `Passkey checks ${id}`;
    const environment = `Passkeys ${id}`;
    const version = randomVersion();
    const signer = { ...uniqueUser(), name: `Pat Passkey ${id}` };

    // The admin: a Security Engineer, a one-item template, an environment that requires passkey signatures, a release ready to sign.
    await page.goto("/");
    await openUsers(page);
    await createUserInUI(page, signer);
    await joinDemoProject(page, signer, SECURITY);
    await importSmallTemplate(page, template);
    await addPasskeyEnvironment(page, `passkeys-${id}`, environment);
    const releasePath = await createReadyRelease(page, template, environment, version);
    const releaseId = /([0-9a-f-]{36})$/.exec(releasePath)![1]!;

    // The signer, without a passkey yet: the sign button says why it cannot be used.
    const { context, page: own, keyFingerprint } = await signerBrowser(browser, testInfo, signer.email, signer.password);
    await own.goto(releasePath);
    await expect(securityRow(own).getByRole("button", { name: `Sign as ${SECURITY}` })).toBeDisabled({ timeout: SAVE });
    await expect(securityRow(own).getByTestId("sign-blocker")).toHaveText(
      `Cannot sign yet: ${environment} requires passkey signatures (passkey signatures required): add a passkey on your profile, then sign with it.`,
    );

    // Registering a passkey on the profile: named, created by the (virtual) device, listed with its fingerprint.
    await own.goto("/profile");
    await expect(own.getByText("No passkeys")).toBeVisible();
    await own.getByRole("button", { name: "Add a passkey" }).click();
    const add = own.getByRole("dialog", { name: "Add a passkey" });
    await add.getByRole("button", { name: "Create passkey" }).click();
    await expect(add.getByLabel("Name")).toHaveAccessibleDescription(/Name the passkey/);
    await add.getByLabel("Name").fill("Virtual laptop");
    await add.getByRole("button", { name: "Create passkey" }).click();
    await expect(toasts(own).getByText("Registered the passkey Virtual laptop.")).toBeVisible({ timeout: SAVE });
    await expect(add).toBeHidden();
    const fingerprint = await keyFingerprint();
    const listed = own.getByRole("table", { name: "Passkeys" }).getByRole("row").filter({ hasText: "Virtual laptop" });
    await expect(listed).toContainText(fingerprint.slice(0, 4));
    await expect(listed.getByTitle(fingerprint)).toBeVisible();
    await own.screenshot({ path: testInfo.outputPath("profile-passkey.png"), fullPage: true });

    // Signing in with it (issue 13): a fresh browser state, the device offers the passkey it holds for this site.
    await context.clearCookies();
    await own.goto("/sign-in");
    await own.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(welcomeHeading(own)).toBeVisible({ timeout: SAVE });
    await expect(welcomeHeading(own)).toContainText(signer.name);

    // Signing with it: the dialog offers only the passkey here; the device signs the derived challenge.
    await own.goto(releasePath);
    const button = securityRow(own).getByRole("button", { name: `Sign as ${SECURITY}` });
    await expect(button).toBeEnabled({ timeout: SAVE });
    await button.click();
    const dialog = own.getByRole("dialog", { name: `Sign as ${SECURITY}` });
    await expect(dialog.getByTestId("signoff-shown-hash")).toHaveText(/^[0-9a-f]{64}$/, { timeout: SAVE });
    await expect(dialog.getByRole("radio", { name: "Your passkey" })).toBeChecked();
    await expect(dialog.getByRole("radio", { name: "Your password" })).toHaveCount(0);
    await expect(dialog.getByLabel("Password")).toHaveCount(0);
    await expect(dialog).toContainText(`${environment} requires passkey signatures.`);
    await dialog.getByRole("checkbox", { name: "I confirm this is my signature" }).check();
    await dialog.screenshot({ path: testInfo.outputPath("sign-with-passkey.png") });
    await dialog.getByRole("button", { name: `Sign with passkey as ${SECURITY}` }).click();
    await expect(dialog).toBeHidden({ timeout: SAVE });
    await expect(toasts(own).getByText(`Signed as ${SECURITY} with your passkey. Every role has signed: the release is approved.`)).toBeVisible();
    await expect(securityRow(own).getByText("Signed with passkey")).toBeVisible({ timeout: SAVE });

    // The certificate: signed with passkey, and the key's fingerprint, on the page and in the PDF.
    await own.goto(`${releasePath}/certificate`);
    const entry = own.getByRole("listitem", { name: SECURITY, exact: true });
    await expect(entry).toContainText("Signed with passkey (ES256)", { timeout: SAVE });
    await expect(entry).toContainText(`Key fingerprint (SHA-256): ${fingerprint}`);
    await own.screenshot({ path: testInfo.outputPath("certificate-passkey.png"), fullPage: true });
    const downloading = own.waitForEvent("download");
    await own.getByRole("link", { name: "Download PDF" }).click();
    const pdf = new PDFParse({ data: new Uint8Array(await readFile((await (await downloading).path())!)) });
    const { text } = await pdf.getText();
    await pdf.destroy();
    expect(text).toContain("Signed with passkey (ES256)");
    expect(text.replace(/\s+/g, "")).toContain(fingerprint);
    await context.close();

    // The evidence bundle, verified as its README says: the passkey signature is checked with openssl against the key its event recorded.
    const published = ((await (await page.request.get("/api/v1/audit/public-key")).json()) as { fingerprint: string }).fingerprint;
    const bundle = await page.request.get(`/archive/${releaseId}/bundle`);
    expect(bundle.status()).toBe(200);
    const unpacked = await mkdtemp(path.join(os.tmpdir(), "countersign-e2e-passkey-"));
    try {
      const archive = path.join(unpacked, "bundle.tar.gz");
      await writeFile(archive, await bundle.body());
      execFileSync("tar", ["xzf", archive, "-C", unpacked]);
      const intact = spawnSync("python3", ["verify.py", "--fingerprint", published], { cwd: unpacked, encoding: "utf8" });
      expect(intact.stdout, intact.stderr).toMatch(/^intact: \d+ events of release:/m);
      expect(intact.stdout).toMatch(new RegExp(`sign-off [0-9a-f-]{36} \\(${SECURITY}, ${signer.name}\\): passkey signature valid, key ${fingerprint} \\(ES256\\), made at http://localhost:\\d+`));
      expect(intact.status).toBe(0);

      // One flipped bit in the stored signature: the verifier names the sign-off.
      const file = path.join(unpacked, "passkey-signatures.json");
      const body = JSON.parse(await readFile(file, "utf8")) as { signatures: { signoffId: string; signature: string }[] };
      const signature = Buffer.from(body.signatures[0]!.signature, "base64url");
      signature[signature.length - 2]! ^= 0x01;
      body.signatures[0]!.signature = signature.toString("base64url");
      await writeFile(file, JSON.stringify(body));
      const tampered = spawnSync("python3", ["verify.py", "--fingerprint", published], { cwd: unpacked, encoding: "utf8" });
      expect(tampered.stdout.trim()).toBe(
        `broken: sign-off ${body.signatures[0]!.signoffId} (${SECURITY}, ${signer.name}): its signature does not verify with its public key ${fingerprint}`,
      );
      expect(tampered.status).toBe(1);
    } finally {
      await rm(unpacked, { recursive: true, force: true });
    }
  });
});
