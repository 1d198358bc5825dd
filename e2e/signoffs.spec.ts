import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { APIRequestContext, Browser, BrowserContext, Locator, Page, TestInfo } from "@playwright/test";
import { DEMO, DEMO_PROJECT, demoPassword, expect, signIn, test, toasts, welcomeHeading } from "./support/fixtures";
import { createProfileToken, readyStagingRelease } from "./support/pipeline";

/**
 * Sign-offs end to end: a pipeline completes a staging release through the
 * API; the eight role holders sign in their own browsers; a member changes an
 * item before the last signature and every signature turns stale live in the
 * signers' open pages; they sign again, the release is approved, production
 * of the same version can be created, and the exported checklist and the
 * certificate carry the signatures.
 */

const TEMPLATE = "mgit Production Deployment Checklist";
const SIGNERS = [
  { role: "Tech Lead", email: "tech-lead@countersign.test", name: "Tara Lead" },
  { role: "DevOps Engineer", email: "devops-engineer@countersign.test", name: "Devon Ops" },
  { role: "QA Lead", email: "qa-lead@countersign.test", name: "Quinn Assure" },
  { role: "SRE Lead", email: "sre-lead@countersign.test", name: "Sasha Reliability" },
  { role: "Security Engineer", email: "security-engineer@countersign.test", name: "Sam Secure" },
  { role: "Platform Lead", email: "platform-lead@countersign.test", name: "Pat Platform" },
  { role: "Product Manager", email: "product-manager@countersign.test", name: "Priya Product" },
  { role: "Engineering Manager", email: "engineering-manager@countersign.test", name: "Morgan Manager" },
] as const;
type Signer = (typeof SIGNERS)[number] & { context: BrowserContext; page: Page };

/** How long a change may take to reach another browser; the test machine is often busy. */
const LIVE = 30_000;
/** A server round trip that signs (password hashing, row lock, audit chain, checkpoint). */
const SAVE = 30_000;

const randomVersion = () => `${Math.floor(Math.random() * 900) + 100}.${Math.floor(Math.random() * 1000)}.${Date.now() % 100_000}`;
const UTC_MINUTE = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/;

async function openBrowser(browser: Browser, testInfo: TestInfo, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, email);
  await expect(welcomeHeading(page)).toBeVisible({ timeout: SAVE });
  return { context, page };
}

const api = (request: APIRequestContext, token: string) => {
  const headers = { Authorization: `Bearer ${token}` };
  return {
    get: (url: string) => request.get(url, { headers }),
    post: (url: string, data: unknown) => request.post(url, { headers, data }),
    patch: (url: string, data: unknown) => request.patch(url, { headers, data }),
  };
};

const signoffRow = (page: Page, role: string): Locator => page.getByRole("listitem", { name: role, exact: true });
const signDialog = (page: Page, role: string): Locator => page.getByRole("dialog", { name: `Sign as ${role}` });

/** Opens the sign-off dialog and waits until it shows what the signature covers. */
async function openSignDialog(signer: Signer, version: string): Promise<Locator> {
  await signoffRow(signer.page, signer.role).getByRole("button", { name: `Sign as ${signer.role}` }).click();
  const dialog = signDialog(signer.page, signer.role);
  await expect(dialog.getByTestId("signoff-shown-hash")).toHaveText(/^[0-9a-f]{64}$/, { timeout: SAVE });
  await expect(dialog.getByText(/Your signature covers \d+ checklist items/)).toBeVisible();
  await expect(dialog.getByLabel("Meaning of your signature")).toHaveValue(`I approve release ${version} for Staging as ${signer.role}`);
  await dialog.getByRole("checkbox", { name: "I confirm this is my signature" }).check();
  await dialog.getByLabel("Password").fill(demoPassword());
  return dialog;
}

async function sign(signer: Signer, version: string): Promise<void> {
  const dialog = await openSignDialog(signer, version);
  await dialog.getByRole("button", { name: `Sign as ${signer.role}` }).click();
  await expect(dialog).toBeHidden({ timeout: SAVE });
  await expect(toasts(signer.page).getByText(new RegExp(`^Signed as ${signer.role}\\.`))).toBeVisible();
  const row = signoffRow(signer.page, signer.role);
  await expect(row).toContainText("Signed", { timeout: LIVE });
  await expect(row).toContainText(signer.name);
  await expect(row.getByRole("button", { name: `Revoke your ${signer.role} sign-off` })).toBeVisible();
}

test("eight roles sign, a change makes every signature stale live, they sign again and the release is approved", async ({ browser, request }, testInfo) => {
  test.slow();
  // Nine browsers, sixteen signatures and two releases on a machine that is often busy.
  test.setTimeout(600_000);
  const version = randomVersion();

  // A pipeline (a member's API token) creates the staging release and completes every required item.
  const member = await openBrowser(browser, testInfo, DEMO.member);
  const token = await createProfileToken(member.page, `Sign-off pipeline ${randomUUID().slice(0, 8)}`);
  const client = api(request, token);
  const { releaseId, path, required } = await readyStagingRelease(request, token, { project: DEMO_PROJECT, version, template: TEMPLATE });
  expect(required.length).toBeGreaterThan(10);

  // The eight role holders, each in their own browser, on the release page.
  const signers: Signer[] = await Promise.all(
    SIGNERS.map(async (entry) => {
      const { context, page } = await openBrowser(browser, testInfo, entry.email);
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible({ timeout: SAVE });
      await expect(page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible({ timeout: LIVE });
      return { ...entry, context, page };
    }),
  );
  const [techLead, , , sreLead] = signers as [Signer, Signer, Signer, Signer, Signer, Signer, Signer, Signer];
  const last = signers[7]!;
  const first = signers.slice(0, 7);

  // Each signer sees every role waiting, and a sign button only for their own.
  await expect(signoffRow(techLead.page, "SRE Lead")).toContainText("Waiting");
  await expect(signoffRow(techLead.page, "SRE Lead").getByRole("button", { name: /^Sign as/ })).toHaveCount(0);
  await expect(techLead.page.getByRole("region", { name: "Sign-offs" }).getByRole("heading", { level: 3 })).toHaveText([
    "Development Team",
    "Operations Team",
    "Business Stakeholders",
  ]);

  // The last signer opens the dialog now, and will submit only after the checklist changed.
  const lastDialog = await openSignDialog(last, version);
  const hashBefore = await lastDialog.getByTestId("signoff-shown-hash").textContent();

  // Seven roles sign.
  await Promise.all(first.map((signer) => sign(signer, version)));
  await expect(techLead.page.getByText("7 of 8 signed", { exact: true })).toBeVisible({ timeout: LIVE });
  for (const signer of first) await expect(signoffRow(sreLead.page, signer.role)).toContainText(signer.name, { timeout: LIVE });

  // A member changes one item: every signature goes stale, live, in the signers' open pages.
  const changed = required[0]!;
  const patched = await client.patch(`/api/v1/projects/${DEMO_PROJECT}/releases/${releaseId}/items/${changed.key}`, { status: "done", note: "Re-run after the hotfix." });
  expect(patched.status(), await patched.text()).toBe(200);
  for (const page of [techLead.page, sreLead.page]) {
    for (const signer of first) {
      const row = signoffRow(page, signer.role);
      await expect(row.getByText("Stale", { exact: true })).toBeVisible({ timeout: LIVE });
      await expect(row).toContainText("changed: note added");
    }
    await expect(page.getByText("0 of 8 signed", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Sign as / })).toBeVisible();
  }
  await expect(lastDialog.getByText("The checklist changed while this dialog was open")).toBeVisible({ timeout: LIVE });
  await techLead.page.getByRole("region", { name: "Sign-offs" }).screenshot({ path: testInfo.outputPath("signoffs-stale.png") });

  // They sign again.
  await Promise.all(first.map((signer) => sign(signer, version)));
  await expect(sreLead.page.getByText("7 of 8 signed", { exact: true })).toBeVisible({ timeout: LIVE });

  // The last signer submits what they saw before the change: refused, inline, with the new state to review.
  await lastDialog.getByRole("button", { name: `Sign as ${last.role}` }).click();
  await expect(lastDialog.getByRole("alert").filter({ hasText: "The checklist changed since you opened it" })).toBeVisible({ timeout: SAVE });
  await expect(lastDialog.getByTestId("signoff-shown-hash")).not.toHaveText(hashBefore ?? "", { timeout: SAVE });
  await expect(lastDialog.getByRole("checkbox", { name: "I confirm this is my signature" })).not.toBeChecked();
  await lastDialog.screenshot({ path: testInfo.outputPath("sign-dialog-changed-meanwhile.png") });
  await lastDialog.getByRole("checkbox", { name: "I confirm this is my signature" }).check();
  await lastDialog.getByRole("button", { name: `Sign as ${last.role}` }).click();
  await expect(lastDialog).toBeHidden({ timeout: SAVE });
  await expect(toasts(last.page).getByText(`Signed as ${last.role}. Every role has signed: the release is approved.`)).toBeVisible();

  // Approved, everywhere.
  for (const page of [last.page, techLead.page, sreLead.page]) {
    await expect(page.getByText("Approved", { exact: true })).toBeVisible({ timeout: LIVE });
    await expect(page.getByText("8 of 8 signed", { exact: true })).toBeVisible({ timeout: LIVE });
  }
  await techLead.page.getByRole("region", { name: "Sign-offs" }).screenshot({ path: testInfo.outputPath("signoffs-approved.png") });
  await techLead.page.screenshot({ path: testInfo.outputPath("release-approved-desktop.png"), fullPage: true });
  await sreLead.page.setViewportSize({ width: 390, height: 844 });
  await sreLead.page.getByRole("region", { name: "Sign-offs" }).scrollIntoViewIfNeeded();
  await sreLead.page.screenshot({ path: testInfo.outputPath("release-approved-390.png"), fullPage: true });

  // The member sees the next steps, downloads the checklist and creates production of the same version.
  await member.page.goto(path);
  await expect(member.page.getByRole("button", { name: "Mark deployed" })).toBeVisible({ timeout: SAVE });
  await expect(member.page.getByRole("button", { name: "Mark rolled back" })).toBeVisible();
  await expect(member.page.getByRole("button", { name: /^Sign as / })).toHaveCount(0);
  const downloading = member.page.waitForEvent("download");
  await member.page.getByRole("link", { name: "Download checklist (Markdown)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`staging-${version}-checklist.md`);
  const markdown = await readFile((await download.path())!, "utf8");
  expect(markdown).toContain(`Staging ${version}`);
  expect(markdown).toMatch(/^- \[x\] /m);
  for (const signer of SIGNERS) {
    expect(markdown).toContain(`- [x] **${signer.role}**: ${signer.name} Date: `);
  }
  expect(markdown).toMatch(new RegExp(`- \\[x\\] \\*\\*Tech Lead\\*\\*: Tara Lead Date: ${UTC_MINUTE.source}`));

  await member.page.goto(`/p/${DEMO_PROJECT}/releases/new`);
  await member.page.getByRole("combobox", { name: "Template", exact: true }).selectOption({ label: TEMPLATE });
  await member.page.getByRole("combobox", { name: "Environment" }).selectOption({ label: "Production" });
  await member.page.getByRole("textbox", { name: "Version", exact: true }).fill(version);
  await member.page.getByRole("button", { name: "Create release" }).click();
  await expect(member.page).toHaveURL(/\/releases\/[0-9a-f-]{36}$/, { timeout: SAVE });
  await expect(member.page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible({ timeout: SAVE });
  await expect(member.page.getByText("Production", { exact: true })).toBeVisible();

  // A signer revokes their signature with a reason: the release is no longer approved until that role signs again.
  await signoffRow(techLead.page, "Tech Lead").getByRole("button", { name: "Revoke your Tech Lead sign-off" }).click();
  const revoke = techLead.page.getByRole("dialog", { name: "Revoke your Tech Lead sign-off?" });
  await revoke.getByRole("button", { name: "Revoke sign-off" }).click();
  await expect(revoke.getByText("Give a reason of at least 3 characters.")).toBeVisible({ timeout: SAVE });
  await revoke.getByLabel("Reason").fill("Signed before reading the load-test report.");
  await revoke.getByRole("button", { name: "Revoke sign-off" }).click();
  await expect(revoke).toBeHidden({ timeout: SAVE });
  await expect(toasts(techLead.page).getByText("Revoked your Tech Lead sign-off.")).toBeVisible();
  const revoked = signoffRow(sreLead.page, "Tech Lead");
  await expect(revoked.getByText("Revoked", { exact: true })).toBeVisible({ timeout: LIVE });
  await expect(revoked).toContainText("Signed before reading the load-test report.");
  await expect(sreLead.page.getByText("Awaiting sign-off", { exact: true })).toBeVisible({ timeout: LIVE });
  await sign(techLead, version);
  await expect(sreLead.page.getByText("Approved", { exact: true })).toBeVisible({ timeout: LIVE });

  await member.page.goto(path);
  await expect(member.page.getByRole("button", { name: "Mark deployed" })).toBeVisible({ timeout: SAVE });
  // Rolling back offers the template's rollback triggers; deploying closes the release.
  await member.page.getByRole("button", { name: "Mark rolled back" }).click();
  const rollback = member.page.getByRole("dialog", { name: `Mark Staging ${version} rolled back?` });
  const triggers = rollback.getByRole("group", { name: "Rollback triggers of the template" });
  await expect(triggers.getByRole("button", { name: "Error rate > 5%" })).toBeVisible();
  await expect(triggers.getByRole("button", { name: "Health checks failing for > 5 minutes" })).toBeVisible();
  await rollback.getByRole("button", { name: "Mark rolled back" }).click();
  await expect(rollback.getByText("Say which rollback trigger fired.")).toBeVisible();
  await triggers.getByRole("button", { name: "Error rate > 5%" }).click();
  await expect(rollback.getByLabel("Trigger that fired")).toHaveValue("Error rate > 5%");
  await rollback.screenshot({ path: testInfo.outputPath("rollback-dialog.png") });
  await rollback.getByRole("button", { name: "Cancel" }).click();
  await expect(rollback).toBeHidden();
  await member.page.getByRole("button", { name: "Mark deployed" }).click();
  const deploy = member.page.getByRole("dialog", { name: `Mark Staging ${version} deployed?` });
  await deploy.getByRole("button", { name: "Mark deployed" }).click();
  await expect(deploy).toBeHidden({ timeout: SAVE });
  await expect(toasts(member.page).getByText("Marked the release deployed.")).toBeVisible();
  await expect(member.page.getByText("Deployed", { exact: true })).toBeVisible({ timeout: LIVE });
  await expect(member.page.getByRole("button", { name: "Mark deployed" })).toHaveCount(0);
  await expect(signoffRow(techLead.page, "Tech Lead").getByRole("button", { name: /^Revoke/ })).toHaveCount(0, { timeout: LIVE });

  // The certificate lists every signer with meaning, UTC time and hash, the timeline and the chain head.
  await techLead.page.getByRole("link", { name: "Certificate" }).click();
  await expect(techLead.page.getByRole("heading", { level: 1, name: "Sign-off certificate" })).toBeVisible({ timeout: SAVE });
  for (const signer of SIGNERS) {
    const entry = techLead.page.getByRole("listitem", { name: signer.role, exact: true });
    await expect(entry).toContainText(signer.name);
    await expect(entry).toContainText(`I approve release ${version} for Staging as ${signer.role}`);
    await expect(entry).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    await expect(entry).toContainText(/[0-9a-f]{64}/);
  }
  await expect(techLead.page.getByRole("heading", { name: "Earlier signatures, no longer valid" })).toBeVisible();
  await expect(techLead.page.getByText(/signed off as Tech Lead: I approve release/).first()).toBeVisible();
  await expect(techLead.page.getByText(/Event #\d+ of the chain/)).toBeVisible();
  await expect(techLead.page.getByRole("button", { name: "Print" })).toBeVisible();
  await techLead.page.screenshot({ path: testInfo.outputPath("certificate.png"), fullPage: true });
  await techLead.page.emulateMedia({ media: "print" });
  await techLead.page.pdf({ path: testInfo.outputPath("certificate.pdf"), format: "A4", printBackground: true });

  await Promise.all([member.context.close(), ...signers.map((signer) => signer.context.close())]);
});
