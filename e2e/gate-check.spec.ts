import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Browser, BrowserContext, Page, TestInfo } from "@playwright/test";
import { demoPassword, expect, signIn, test, toasts, welcomeHeading } from "./support/fixtures";
import { readyStagingRelease } from "./support/pipeline";

/**
 * The deployment gate as a CI job uses it (issue 12), against the suite's
 * production server: a billing maintainer makes a read-only project token in
 * the project's settings; a pipeline completes a staging release through the
 * API; `countersign gate check` (the real CLI, over HTTP) exits 1 naming the
 * three roles still to sign; a second run with --wait waits on the live
 * stream while the three role holders sign in their browsers, and exits 0
 * with the signatures once the last one lands.
 */
const PROJECT = "billing";
const TEMPLATE = "Billing Service Release Checklist";
const SIGNERS = [
  { role: "Tech Lead", email: "billing-lead@countersign.test", name: "Bea Billing" },
  { role: "QA Lead", email: "billing-qa@countersign.test", name: "Cody Checks" },
  { role: "Security Engineer", email: "qa-lead@countersign.test", name: "Quinn Assure" },
] as const;
const SAVE = { timeout: 30_000 };

type CliRun = { code: number | null; stdout: string; stderr: string };

/** `npx countersign gate check …` as a CI job runs it: the server and token only in its environment. */
function gateCheck(args: string[], token: string, baseURL: string): { child: ChildProcessByStdio<null, Readable, Readable>; done: Promise<CliRun>; stderr: () => string } {
  const child = spawn(process.execPath, [path.join("bin", "countersign.mjs"), "gate", "check", ...args], {
    env: { ...process.env, COUNTERSIGN_URL: baseURL, COUNTERSIGN_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done, stderr: () => stderr };
}

async function openBrowser(browser: Browser, testInfo: TestInfo, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, email);
  await expect(welcomeHeading(page)).toBeVisible(SAVE);
  return { context, page };
}

test("gate check exits 1 naming the unsigned roles, then, waiting on the stream, 0 once the last role signs in the browser", async ({ browser, request }, testInfo) => {
  test.slow();
  test.setTimeout(300_000);
  const baseURL = String(testInfo.project.use.baseURL);
  const version = `${Math.floor(Math.random() * 900) + 100}.${Math.floor(Math.random() * 1000)}.${Date.now() % 100_000}`;

  // The maintainer makes a read-only token for the pipeline in the project's settings.
  const lead = await openBrowser(browser, testInfo, SIGNERS[0].email);
  await lead.page.goto(`/p/${PROJECT}/settings/tokens`);
  await lead.page.getByRole("button", { name: "Create project token" }).click();
  const create = lead.page.getByRole("dialog", { name: "Create project token" });
  const tokenName = `Deploy gate ${randomUUID().slice(0, 8)}`;
  await create.getByLabel("Name").fill(tokenName);
  await create.getByRole("checkbox", { name: /^releases:read/ }).check();
  await create.getByRole("checkbox", { name: /^releases:write/ }).uncheck();
  await create.getByRole("checkbox", { name: /^items:write/ }).uncheck();
  await create.getByRole("button", { name: "Create token" }).click();
  const shown = lead.page.getByRole("dialog", { name: "API token created" });
  const readToken = await shown.getByLabel("New API token").inputValue();
  await shown.getByRole("button", { name: "I have stored it" }).click();
  const row = lead.page.getByRole("table", { name: "Project tokens" }).getByRole("row").filter({ hasText: tokenName });
  await expect(row).toContainText("releases:read");
  await expect(row).not.toContainText("releases:write");

  // A pipeline with a writing token creates the staging release and completes every required item.
  await lead.page.getByRole("button", { name: "Create project token" }).click();
  await create.getByLabel("Name").fill(`Pipeline ${randomUUID().slice(0, 8)}`);
  for (const scope of [/^releases:read/, /^releases:write/, /^items:write/]) await create.getByRole("checkbox", { name: scope }).check();
  await create.getByRole("button", { name: "Create token" }).click();
  const writeToken = await shown.getByLabel("New API token").inputValue();
  await shown.getByRole("button", { name: "I have stored it" }).click();
  const { releaseId } = await readyStagingRelease(request, writeToken, { project: PROJECT, version, template: TEMPLATE });

  // Not allowed yet: exit 1, naming each role that has not signed and the release's page.
  const args = ["--project", PROJECT, "--version", version, "--env", "staging"];
  const refused = await gateCheck(args, readToken, baseURL).done;
  expect(refused.code, refused.stderr).toBe(1);
  expect(refused.stdout).toContain(`Not allowed: ${PROJECT} ${version} to Staging. Missing:`);
  for (const signer of SIGNERS) expect(refused.stdout).toContain(`${signer.role} has not signed`);
  expect(refused.stdout).toContain(`/p/${PROJECT}/releases/${releaseId}`);

  // A deploy job that waits: connected to the live stream before anyone signs.
  const waiting = gateCheck([...args, "--wait", "4m", "--json"], readToken, baseURL);
  try {
    await expect.poll(() => waiting.stderr(), SAVE).toContain("Waiting (up to 4m)");

    // The three role holders sign in their own browsers; the job is still waiting until the last one.
    const pages = [lead.page, (await openBrowser(browser, testInfo, SIGNERS[1].email)).page, (await openBrowser(browser, testInfo, SIGNERS[2].email)).page];
    for (const [index, signer] of SIGNERS.entries()) {
      const page = pages[index]!;
      await page.goto(`/p/${PROJECT}/releases/${releaseId}`);
      const signoff = page.getByRole("listitem", { name: signer.role, exact: true });
      await signoff.getByRole("button", { name: `Sign as ${signer.role}` }).click();
      const dialog = page.getByRole("dialog", { name: `Sign as ${signer.role}` });
      await expect(dialog.getByTestId("signoff-shown-hash")).toHaveText(/^[0-9a-f]{64}$/, SAVE);
      await dialog.getByRole("checkbox", { name: "I confirm this is my signature" }).check();
      await dialog.getByLabel("Password").fill(demoPassword());
      await dialog.getByRole("button", { name: `Sign as ${signer.role}` }).click();
      await expect(toasts(page).getByText(new RegExp(`^Signed as ${signer.role}\\.`))).toBeVisible(SAVE);
      if (index < SIGNERS.length - 1) expect(waiting.child.exitCode, `still waiting after ${signer.role} signed`).toBeNull();
    }

    // Allowed: exit 0, with the release approved and its three signatures.
    const allowed = await waiting.done;
    expect(allowed.code, allowed.stderr).toBe(0);
    const answer = JSON.parse(allowed.stdout) as { allowed: boolean; release: { id: string; status: string }; signatures: { role: string; printedName: string }[] };
    expect(answer.allowed).toBe(true);
    expect(answer.release).toMatchObject({ id: releaseId, status: "approved" });
    expect(answer.signatures.map((signature) => [signature.role, signature.printedName]).sort()).toEqual(SIGNERS.map((signer) => [signer.role, signer.name]).sort());
  } finally {
    waiting.child.kill();
  }

  // The same question without --wait now exits 0 too.
  const again = await gateCheck(args, readToken, baseURL).done;
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain(`Allowed: ${PROJECT} ${version} to Staging (approved; 3 signatures).`);
});
