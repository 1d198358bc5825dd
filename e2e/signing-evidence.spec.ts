import { readFile } from "node:fs/promises";
import { PDFParse } from "pdf-parse";
import { DEMO_PROJECT, expect, test } from "./support/fixtures";

/**
 * Signing only when it can succeed: a role holder on a release with open
 * required items sees "Sign as …" disabled with the reason the server would
 * give. The certificate shows the checkpoint key's fingerprint and downloads
 * as a PDF made on the server with the same content.
 */

test.use({ signedInAs: "sreLead" });
// Creating a release of the reference template and rendering its page takes a while on a busy machine.
test.describe.configure({ timeout: 120_000 });

const TEMPLATE = "mgit Production Deployment Checklist";
const SAVE = 30_000;
const randomVersion = () => `${Math.floor(Math.random() * 900) + 100}.${Math.floor(Math.random() * 1000)}.${Date.now() % 100_000}`;

async function createRelease(page: import("@playwright/test").Page, version: string): Promise<string> {
  await page.goto(`/p/${DEMO_PROJECT}/releases/new`);
  await page.getByRole("combobox", { name: "Template", exact: true }).selectOption({ label: TEMPLATE });
  await page.getByRole("combobox", { name: "Environment" }).selectOption({ label: "Staging" });
  await page.getByRole("textbox", { name: "Version", exact: true }).fill(version);
  await page.getByRole("button", { name: "Create release" }).click();
  await expect(page).toHaveURL(/\/releases\/[0-9a-f-]{36}$/, { timeout: SAVE });
  await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible({ timeout: SAVE });
  return new URL(page.url()).pathname;
}

test("the sign button is disabled with the reason while required items are open", async ({ page }, testInfo) => {
  const version = randomVersion();
  await createRelease(page, version);
  const row = page.getByRole("listitem", { name: "SRE Lead", exact: true });
  const button = row.getByRole("button", { name: "Sign as SRE Lead" });
  await expect(button).toBeDisabled();
  const reason = row.getByTestId("sign-blocker");
  await expect(reason).toHaveText(/^Cannot sign yet: \d+ required items are still open: “[^”]+”, “[^”]+”, “[^”]+”, …\.$/);
  // The button names the reason for assistive technology too.
  const describedBy = await button.getAttribute("aria-describedby");
  expect(describedBy).toBeTruthy();
  await expect(page.locator(`[id="${describedBy}"]`)).toHaveText(await reason.textContent() ?? "");
  // Roles the user does not hold get no button at all.
  await expect(page.getByRole("listitem", { name: "Tech Lead", exact: true }).getByRole("button", { name: /^Sign as/ })).toHaveCount(0);
  await row.scrollIntoViewIfNeeded();
  await page.getByRole("region", { name: "Sign-offs" }).screenshot({ path: testInfo.outputPath("sign-button-disabled.png") });
});

test("the certificate shows the key fingerprint and downloads as a PDF with the same content", async ({ page }, testInfo) => {
  const version = randomVersion();
  const path = await createRelease(page, version);
  await page.goto(`${path}/certificate`);
  await expect(page.getByRole("heading", { level: 1, name: "Sign-off certificate" })).toBeVisible({ timeout: SAVE });
  const fingerprint = (await page.getByTestId("key-fingerprint").textContent())?.trim() ?? "";
  expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
  await page.screenshot({ path: testInfo.outputPath("certificate-page.png"), fullPage: true });

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download PDF" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`staging-${version}-certificate.pdf`);
  const bytes = await readFile((await download.path())!);
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  const { text } = await parser.getText();
  await parser.destroy();
  expect(text).toContain("Sign-off certificate");
  expect(text).toContain(`Release ${version} for Staging`);
  expect(text).toContain(fingerprint);
  expect(text).toContain("Not approved: 8 of 8 roles have no valid signature");
  expect(text).toContain(`created release ${version} for staging`);
});
