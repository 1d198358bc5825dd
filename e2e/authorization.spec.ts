import type { Page } from "@playwright/test";
import { DEMO, expect, test, usersTable } from "./support/fixtures";

/** Every control on the page a user could change something with, besides the header's menus (the project switcher only navigates; the account menu holds Sign out). */
async function expectNoMutationControls(page: Page): Promise<void> {
  await expect(page.getByRole("button")).toHaveText([/^Project(s|: )/, /^Account: /]);
  for (const role of ["textbox", "checkbox", "combobox", "radio", "switch", "spinbutton"] as const) {
    await expect(page.getByRole(role), `no ${role} on ${page.url()}`).toHaveCount(0);
  }
  // Sign out's form is rendered when the account menu opens.
  await expect(page.locator("form"), `no form on ${page.url()}`).toHaveCount(0);
}

test.describe("authorization: member", () => {
  test.use({ signedInAs: "member" });

  test("a member opening /admin/users gets Not found", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await expect(usersTable(page)).toHaveCount(0);
    await expect(page.getByText(DEMO.admin)).toHaveCount(0);
  });

  test("a member's /admin/users answers HTTP 404, like a page that does not exist", async ({ page }) => {
    // Regression: the permission check sits in a layout above any loading boundary, so the
    // refusal is a real 404 and the status code does not reveal that the page exists.
    expect((await page.goto("/no-such-page"))?.status()).toBe(404);
    expect((await page.goto("/admin/users"))?.status()).toBe(404);
  });
});

test.describe("authorization: auditor", () => {
  test.use({ signedInAs: "auditor" });

  test("the auditor sees the Users page read-only", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    await expect(usersTable(page).getByRole("row").filter({ hasText: DEMO.admin })).toBeVisible();
    await expect(usersTable(page).getByRole("columnheader", { name: "Actions" })).toHaveCount(0);

    await expect(page.getByRole("button", { name: "Create user" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Disable / })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Enable / })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Edit roles/ })).toHaveCount(0);
    await expect(page.getByRole("textbox", { name: "New sign-off role" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add role" })).toHaveCount(0);
    // The sign-off roles stay visible, read-only.
    await expect(page.getByRole("list", { name: "Sign-off roles" }).getByText(/^SRE Lead · \d+$/)).toBeVisible();
  });

  test("the auditor's session reaches /api/v1/me as an auditor", async ({ page }) => {
    const response = await page.request.get("/api/v1/me");
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ email: DEMO.auditor, appRole: "auditor", signoffRoles: [] });
  });

  test("no page the auditor can reach offers a mutation control", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: /^Welcome,/ })).toBeVisible();
    await expectNoMutationControls(page);
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    await expectNoMutationControls(page);
  });
});
