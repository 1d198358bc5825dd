import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { axeViolations } from "./support/axe";
import { DEMO_PROJECT, expect, test, toasts } from "./support/fixtures";

/**
 * Webhooks in the project's settings (issue 12): an admin adds one (URL,
 * description, events), sees its signing secret once, a release created in
 * the project reaches a local receiver signed per Standard Webhooks (checked
 * with the `standardwebhooks` package), the delivery log shows it delivered
 * with its response code, and "Resend" sends it again. A private URL is
 * refused at the field (the e2e server allows private targets only through
 * the setting it is started with).
 */
test.use({ signedInAs: "admin" });

test("a maintainer adds a webhook, sees its secret once, and its delivery log with resend", async ({ page }, testInfo) => {
  test.slow();
  const received: { body: string; headers: Record<string, string> }[] = [];
  const receiver = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ body, headers: Object.fromEntries(Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string")) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook/${testInfo.workerIndex}-${Date.now()}`;
  try {
    await page.goto(`/p/${DEMO_PROJECT}/settings/webhooks`);
    await expect(page.getByRole("heading", { name: "Webhooks", exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Add webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "Add webhook" });
    await dialog.getByRole("textbox", { name: "URL" }).fill("ftp://example.com/x");
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    await expect(dialog.getByText("Webhook URLs must be http(s).")).toBeVisible();
    await dialog.getByRole("textbox", { name: "URL" }).fill(url);
    await dialog.getByRole("textbox", { name: "Description" }).fill("e2e receiver");
    await dialog.getByRole("checkbox", { name: /A release is created/ }).check();
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    const shown = page.getByRole("dialog", { name: "Webhook added" });
    await expect(shown.getByText("This is the only time the secret is shown")).toBeVisible({ timeout: 30_000 });
    const secret = await shown.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    // axe once the toast is gone (a toast fading in or out has no stable contrast to measure).
    await expect(toasts(page).getByRole("listitem")).toHaveCount(0, { timeout: 20_000 });
    expect(await axeViolations(page)).toEqual([]);
    await shown.getByRole("button", { name: "I have stored it" }).click();
    const section = page.getByRole("region", { name: `Webhook to ${url}` });
    await expect(section).toContainText("e2e receiver");
    await expect(section).toContainText("release.created");
    await expect(page.getByText(secret)).toHaveCount(0);

    // A release created in the project is an event the webhook asked for.
    await page.goto(`/p/${DEMO_PROJECT}/releases/new`);
    await page.getByRole("combobox", { name: "Template", exact: true }).selectOption({ label: "mgit Production Deployment Checklist" });
    await page.getByRole("combobox", { name: "Environment" }).selectOption({ label: "Staging" });
    await page.getByRole("textbox", { name: "Version", exact: true }).fill(`${100 + testInfo.workerIndex}.${Date.now() % 1000}.${Date.now() % 99_991}`);
    await page.getByRole("button", { name: "Create release" }).click();
    await expect(page).toHaveURL(/\/releases\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(1);
    const message = received[0]!;
    expect((new Webhook(secret).verify(message.body, message.headers) as { type: string }).type).toBe("release.created");

    await page.goto(`/p/${DEMO_PROJECT}/settings/webhooks`);
    const log = page.getByRole("table", { name: `Deliveries to ${url}` });
    await expect(log.getByRole("row").nth(1)).toContainText("release.created");
    await expect(log.getByRole("row").nth(1)).toContainText("delivered");
    await expect(log.getByRole("row").nth(1)).toContainText("204");
    await log.getByRole("button", { name: /^Resend release\.created/ }).first().click();
    await expect(toasts(page).getByText("Queued the message again.")).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
    // The same message again: same webhook-id, a valid signature.
    expect(received[1]!.headers["webhook-id"]).toBe(message.headers["webhook-id"]);
    expect(() => new Webhook(secret).verify(received[1]!.body, received[1]!.headers)).not.toThrow();
    const file = testInfo.outputPath("webhooks.png");
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach("webhooks", { path: file, contentType: "image/png" });
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});
