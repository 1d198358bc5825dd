import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import type { Browser, Page, TestInfo } from "@playwright/test";
import { axeViolations } from "./support/axe";
import { demoPassword, expect, signIn, test, welcomeHeading } from "./support/fixtures";
import { createProfileToken, readyStagingRelease } from "./support/pipeline";

/**
 * Notifications end to end (issue 12): a pipeline completes a billing
 * release through the API; the QA Lead's bell, open on another page, counts
 * up live when the release becomes ready for their role; "Waiting for me"
 * lists it; the email the worker sent reaches the suite's SMTP server and its
 * link, opened without a session, leads through sign-in to the release.
 */
const SIGNER = { email: "billing-qa@countersign.test", role: "QA Lead" };
const PROJECT = "billing";
const LIVE = 30_000;

async function openBrowser(browser: Browser, testInfo: TestInfo, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, email);
  await expect(welcomeHeading(page)).toBeVisible({ timeout: LIVE });
  return page;
}

/** The mails the suite's SMTP server received (e2e/support/serve.ts). */
async function mails(): Promise<ParsedMail[]> {
  const dir = process.env.E2E_MAIL_DIR!;
  const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith(".eml")).sort();
  return Promise.all(files.map(async (name) => simpleParser(await readFile(path.join(dir, name)))));
}

const unread = async (page: Page): Promise<number> => {
  const badge = page.getByTestId("inbox-unread");
  return (await badge.count()) ? Number((await badge.textContent()) ?? "0") : 0;
};

test("a signer's bell counts up live when a release becomes ready for their role; Waiting for me lists it; the email's link leads to it", async ({ browser, request }, testInfo) => {
  test.setTimeout(180_000);
  const version = `${Math.floor(Math.random() * 900) + 100}.${Date.now() % 100_000}.0`;

  // The signer waits on the overview with the bell in the header, its stream connected.
  const signer = await openBrowser(browser, testInfo, SIGNER.email);
  await expect(signer.getByRole("link", { name: /^Notifications/ })).toBeVisible();
  await signer.waitForTimeout(1_000);
  const before = await unread(signer);

  // A pipeline (the billing maintainer's token) creates the release and completes every required item.
  const lead = await openBrowser(browser, testInfo, "billing-lead@countersign.test");
  const { releaseId } = await readyStagingRelease(request, await createProfileToken(lead, `Notifications pipeline ${randomUUID().slice(0, 8)}`), { project: PROJECT, version });

  // Live: no reload.
  await expect.poll(() => unread(signer), { timeout: LIVE }).toBeGreaterThan(before);
  await signer.getByRole("link", { name: /^Notifications/ }).click();
  await expect(signer.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  const notice = signer.getByRole("list", { name: "Notifications", exact: true }).getByRole("link", { name: `Staging ${version} is ready for your signature as ${SIGNER.role}` });
  await expect(notice).toBeVisible();
  expect(await axeViolations(signer)).toEqual([]);

  await signer.getByRole("link", { name: "Waiting for me" }).click();
  const waiting = signer.getByRole("list", { name: "Waiting for me", exact: true }).getByRole("link", { name: `Staging ${version} is ready for your signature as ${SIGNER.role}` });
  await expect(waiting).toBeVisible();
  expect(await axeViolations(signer)).toEqual([]);
  await waiting.click();
  await expect(signer).toHaveURL(new RegExp(`/p/${PROJECT}/releases/${releaseId}\\?role=QA(%20|\\+)Lead#signoffs$`));

  // The email: to the signer, linking to the release and role; opened without a session, it passes through sign-in.
  let mail: ParsedMail | undefined;
  await expect
    .poll(async () => (mail = (await mails()).find((entry) => entry.subject === `Staging ${version} is ready for your signature as ${SIGNER.role}` && entry.to && !Array.isArray(entry.to) && entry.to.value[0]?.address === SIGNER.email)), { timeout: LIVE })
    .toBeTruthy();
  const link = /Open it: (\S+)/.exec(mail!.text ?? "")![1]!;
  expect(mail!.html).toContain("Open it in Countersign");
  const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await fresh.newPage();
  await page.goto(link);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.getByRole("textbox", { name: "Email" }).fill(SIGNER.email);
  await page.getByLabel("Password").fill(demoPassword());
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/p/${PROJECT}/releases/${releaseId}`), { timeout: LIVE });
  await expect(page.getByRole("heading", { level: 1 })).toContainText(version);
  await fresh.close();
});
