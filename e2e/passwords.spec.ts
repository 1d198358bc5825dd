import type { Browser, Page } from "@playwright/test";
import { createUserInUI, expect, signIn, test, toasts, uniqueUser, userRow, welcomeHeading, WRONG_CREDENTIALS } from "./support/fixtures";

/**
 * Passwords in the browser (lib/auth/password-policy.ts, docs/decisions/018):
 * a user changes their own on the profile (confirmed by a toast; the old one
 * no longer works; their other session has ended, this one goes on), and an
 * admin's reset makes the user choose a new one before anything else.
 */
const signedOut = { cookies: [], origins: [] };

async function newSignedInPage(browser: Browser, baseURL: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: signedOut });
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(welcomeHeading(page)).toBeVisible();
  return page;
}

test.describe("passwords", () => {
  test.use({ signedInAs: "admin" });

  test("a user changes their password on the profile: toast, old one refused, other session ended", async ({ page, browser, baseURL }) => {
    test.slow(); // three browsers, two sign-ins and two password hashes
    await page.goto("/admin/users");
    const user = uniqueUser();
    await createUserInUI(page, user);

    const mine = await newSignedInPage(browser, baseURL!, user.email, user.password);
    const elsewhere = await newSignedInPage(browser, baseURL!, user.email, user.password);

    await mine.goto("/profile");
    const formArea = mine.getByRole("form", { name: "Change password" });
    // A common password is refused, naming the field and saying why.
    await formArea.getByLabel("Current password").fill(user.password);
    await formArea.getByLabel("New password", { exact: true }).fill("Password1234!");
    await formArea.getByLabel("Repeat new password").fill("Password1234!");
    await formArea.getByRole("button", { name: "Change password" }).click();
    await expect(formArea.getByRole("alert").filter({ hasText: "New password is too common" })).toBeVisible();

    const chosen = `river-${Date.now()}-lantern`;
    await formArea.getByLabel("Current password").fill(user.password);
    await formArea.getByLabel("New password", { exact: true }).fill(chosen);
    await formArea.getByLabel("Repeat new password").fill(chosen);
    await formArea.getByRole("button", { name: "Change password" }).click();
    await expect(toasts(mine).getByText("Password changed. You were signed out of your other sessions.")).toBeVisible();
    await mine.screenshot({ path: test.info().outputPath("profile-password-changed.png"), fullPage: true });

    // This session goes on; the other one has ended.
    await mine.goto("/releases");
    await expect(mine.getByRole("heading", { level: 1, name: "Releases" })).toBeVisible();
    await elsewhere.goto("/releases");
    await expect(elsewhere).toHaveURL(/\/sign-in/);

    // The old password is refused, the new one works.
    await signIn(elsewhere, user.email, user.password);
    await expect(elsewhere.getByText(WRONG_CREDENTIALS)).toBeVisible();
    await signIn(elsewhere, user.email, chosen);
    await expect(welcomeHeading(elsewhere)).toBeVisible();
    await mine.context().close();
    await elsewhere.context().close();
  });

  test("after an admin's reset the user must choose a new password before anything else", async ({ page, browser, baseURL }) => {
    test.slow(); // two browsers, three password hashes
    await page.goto("/admin/users");
    const user = uniqueUser();
    await createUserInUI(page, user);
    await userRow(page, user.email).getByRole("button", { name: `Reset the password of ${user.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Reset the password of ${user.name}` });
    const temporary = `temporary-${Date.now()}-harbour`;
    await dialog.getByLabel("Temporary password").fill(temporary);
    await dialog.getByRole("button", { name: "Reset password" }).click();
    await expect(toasts(page).getByText(`Reset the password of ${user.name}; they were signed out and must choose a new one at their next sign-in.`)).toBeVisible();

    const context = await browser.newContext({ baseURL: baseURL!, storageState: signedOut });
    const theirs = await context.newPage();
    await signIn(theirs, user.email, temporary);
    await expect(theirs.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await theirs.goto("/releases");
    await expect(theirs.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await expect(theirs.getByRole("heading", { level: 1, name: "Releases" })).toHaveCount(0);
    await theirs.screenshot({ path: test.info().outputPath("password-change-required.png"), fullPage: true });

    const formArea = theirs.getByRole("form", { name: "Change password" });
    const chosen = `own-${Date.now()}-compass`;
    await formArea.getByLabel("Temporary password").fill(temporary);
    await formArea.getByLabel("New password", { exact: true }).fill(chosen);
    await formArea.getByLabel("Repeat new password").fill(chosen);
    await formArea.getByRole("button", { name: "Change password" }).click();
    await expect(toasts(theirs).getByText("Password changed. You were signed out of your other sessions.")).toBeVisible();
    await theirs.goto("/releases");
    await expect(theirs.getByRole("heading", { level: 1, name: "Releases" })).toBeVisible();
    await context.close();
  });
});
