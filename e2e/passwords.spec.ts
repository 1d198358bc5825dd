import { randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { createUserInUI, expect, signIn, test, toasts, uniqueUser, userRow, welcomeHeading, WRONG_CREDENTIALS } from "./support/fixtures";

/**
 * Passwords in the browser (issue 15, item 7; ADR 018): a user changes their
 * own on the profile (the current one required, the other sessions end, this
 * one goes on); an admin's reset forces a new one at the next sign-in.
 * Each story works on a user it creates, so the demo users keep theirs.
 */
const signedOut = { cookies: [], origins: [] };
const freshPassword = () => `Fresh-${randomUUID()}`;

async function signedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ storageState: signedOut });
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(welcomeHeading(page)).toBeVisible({ timeout: 20_000 });
  return page;
}

async function changePassword(page: Page, current: string, next: string, repeat = next): Promise<void> {
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel(/Current password|Temporary password/).fill(current);
  await form.getByLabel(/^New password/).fill(next);
  await form.getByLabel("Repeat new password").fill(repeat);
  await form.getByRole("button", { name: "Change password" }).click();
}

test.describe("passwords", () => {
  test.slow();
  test.use({ signedInAs: "admin" });

  test("a user changes their password: this session goes on, the other one ends, the old password stops working", async ({ page, browser }) => {
    await page.goto("/admin/users");
    const user = uniqueUser();
    await createUserInUI(page, user);

    const here = await signedInPage(browser, user.email, user.password);
    const elsewhere = await signedInPage(browser, user.email, user.password);

    await here.goto("/profile");
    // A common password is refused, naming the field and saying why; nothing changes.
    await changePassword(here, user.password, "password1234");
    await expect(here.getByText(/^New password is too common: it is on the list of passwords attackers try first\./)).toBeVisible({ timeout: 20_000 });

    const next = freshPassword();
    await changePassword(here, user.password, next);
    await expect(here.getByRole("status").filter({ hasText: "Password changed. You were signed out of your other sessions." })).toBeVisible({ timeout: 20_000 });
    await expect(here).toHaveURL(/\/profile\?password=changed$/);

    // This session goes on.
    await here.goto("/");
    await expect(welcomeHeading(here)).toBeVisible();
    // The other one has ended.
    await elsewhere.goto("/");
    await expect(elsewhere).toHaveURL(/\/sign-in/);

    // The old password no longer signs in; the new one does.
    await signIn(elsewhere, user.email, user.password);
    await expect(elsewhere.getByText(WRONG_CREDENTIALS)).toBeVisible();
    await signIn(elsewhere, user.email, next);
    await expect(welcomeHeading(elsewhere)).toBeVisible({ timeout: 20_000 });
    await here.context().close();
    await elsewhere.context().close();
  });

  test("an admin's reset signs the user out and makes them choose a new password before anything else", async ({ page, browser }) => {
    await page.goto("/admin/users");
    const user = uniqueUser();
    const row = await createUserInUI(page, user);
    const theirs = await signedInPage(browser, user.email, user.password);

    const temporary = freshPassword();
    await row.getByRole("button", { name: `Reset the password of ${user.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Reset the password of ${user.name}` });
    await dialog.getByLabel("Temporary password").fill(temporary);
    await dialog.getByRole("button", { name: "Reset password" }).click();
    await expect(toasts(page).getByText(`Reset the password of ${user.name}; they were signed out and must choose a new one at their next sign-in.`)).toBeVisible({ timeout: 20_000 });
    await expect(userRow(page, user.email)).toBeVisible();

    // Their open session has ended.
    await theirs.goto("/");
    await expect(theirs).toHaveURL(/\/sign-in/);

    // With the temporary password, the only thing shown is the change form.
    await signIn(theirs, user.email, temporary);
    await expect(theirs.getByRole("heading", { name: "Choose a new password" })).toBeVisible({ timeout: 20_000 });
    await theirs.goto("/releases");
    await expect(theirs.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await expect(theirs.getByRole("heading", { level: 1, name: "Releases" })).toHaveCount(0);

    const own = freshPassword();
    await changePassword(theirs, temporary, own);
    await expect(theirs.getByRole("status").filter({ hasText: "Password changed. You were signed out of your other sessions." })).toBeVisible({ timeout: 20_000 });
    await theirs.goto("/releases");
    await expect(theirs.getByRole("heading", { level: 1, name: "Releases" })).toBeVisible();
    await theirs.context().close();
  });
});
