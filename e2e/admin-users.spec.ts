import {
  createUserInUI,
  expect,
  openUsers,
  signIn,
  test,
  toasts,
  uniqueRoleName,
  uniqueUser,
  userRow,
  welcomeHeading,
  WRONG_CREDENTIALS,
} from "./support/fixtures";

/** A second browser for the user under test; without this it would inherit the admin's session. */
const signedOut = { cookies: [], origins: [] };

test.describe("admin: users", () => {
  test.use({ signedInAs: "admin" });

  test.beforeEach(async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  });

  test("creates a user with two sign-off roles", async ({ page }) => {
    await page.goto("/");
    await openUsers(page);
    const user = uniqueUser();
    await page.getByRole("button", { name: "Create user" }).click();
    const dialog = page.getByRole("dialog", { name: "Create user" });
    await dialog.getByLabel("Name").fill(user.name);
    await dialog.getByLabel("Email").fill(user.email);
    await dialog.getByLabel("Initial password").fill(user.password);
    // The default project: mgit's holders are the demo's, which other specs count.
    await dialog.getByLabel("Project").selectOption("default");
    await dialog.getByRole("checkbox", { name: "Tech Lead" }).check();
    await dialog.getByRole("checkbox", { name: "QA Lead" }).check();
    await dialog.getByRole("button", { name: "Create user" }).click();

    await expect(toasts(page).getByText(`Created ${user.name} (${user.email}).`)).toBeVisible();
    await expect(dialog).toBeHidden();
    const row = userRow(page, user.email);
    await expect(row).toContainText(user.name);
    await expect(row.getByRole("cell").nth(1)).toHaveText("Member");
    // Roles are held per project: each badge names its project.
    await expect(row.getByRole("cell").nth(2)).toHaveText(/^QA Lead · default\s*Tech Lead · default$/);
    await expect(row.getByRole("cell").nth(3)).toHaveText("Active");
  });

  test("a bad email in the dialog names the field and creates nothing", async ({ page }) => {
    const user = uniqueUser();
    await page.getByRole("button", { name: "Create user" }).click();
    const dialog = page.getByRole("dialog", { name: "Create user" });
    await dialog.getByLabel("Name").fill(user.name);
    await dialog.getByLabel("Email").fill("not-an-email");
    await dialog.getByLabel("Initial password").fill(user.password);
    await dialog.getByRole("button", { name: "Create user" }).click();

    await expect(dialog.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address.");
    await expect(dialog.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByLabel("Name")).not.toHaveAttribute("aria-invalid", "true");
    await expect(dialog).toBeVisible();

    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: user.name })).toHaveCount(0);
  });

  test("a rejected dialog keeps what the admin typed", async ({ page }) => {
    // Regression: React 19 resets a <form action> after every submission; the dialog refills
    // what was typed (never the password) from the action's echoed values.
    const user = uniqueUser();
    await page.getByRole("button", { name: "Create user" }).click();
    const dialog = page.getByRole("dialog", { name: "Create user" });
    await dialog.getByLabel("Name").fill(user.name);
    await dialog.getByLabel("Email").fill("not-an-email");
    await dialog.getByRole("checkbox", { name: "Tech Lead" }).check();
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(dialog.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address.");

    await expect(dialog.getByLabel("Name")).toHaveValue(user.name, { timeout: 1_000 });
    await expect(dialog.getByLabel("Email")).toHaveValue("not-an-email", { timeout: 1_000 });
    await expect(dialog.getByRole("checkbox", { name: "Tech Lead" })).toBeChecked({ timeout: 1_000 });
  });

  test("adds a new sign-off role", async ({ page }) => {
    const role = uniqueRoleName();
    await page.getByRole("textbox", { name: "New sign-off role" }).fill(role);
    await page.getByRole("button", { name: "Add role" }).click();

    await expect(toasts(page).getByText(`Added the sign-off role ${role}.`)).toBeVisible();
    await expect(page.getByRole("list", { name: "Sign-off roles" }).getByText(`${role} · 0`)).toBeVisible();
    await expect(page.getByRole("textbox", { name: "New sign-off role" })).toHaveValue("");
    // The new role is offered at once in the "Create user" dialog.
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("dialog", { name: "Create user" }).getByRole("checkbox", { name: role })).toBeVisible();
  });

  test("edits a user's roles", async ({ page }) => {
    const user = uniqueUser();
    const row = await createUserInUI(page, user, ["Tech Lead"]);

    await row.getByRole("button", { name: `Edit roles of ${user.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Roles of ${user.name}` });
    await expect(dialog.getByRole("checkbox", { name: "Tech Lead" })).toBeChecked();
    // Another project shows what the user holds there (nothing); back to theirs, the role is checked again.
    await expect(dialog.getByLabel("Project")).toHaveValue("default");
    await dialog.getByLabel("Project").selectOption("mgit");
    await expect(dialog.getByRole("checkbox", { name: "Tech Lead" })).not.toBeChecked();
    await dialog.getByLabel("Project").selectOption("default");
    await expect(dialog.getByRole("checkbox", { name: "Tech Lead" })).toBeChecked();
    await dialog.getByLabel("Application role").selectOption({ label: "Auditor" });
    await dialog.getByRole("checkbox", { name: "Tech Lead" }).uncheck();
    await dialog.getByRole("checkbox", { name: "SRE Lead" }).check();
    await dialog.getByRole("button", { name: "Save roles" }).click();

    await expect(toasts(page).getByText(`Updated roles of ${user.name}; their sessions have ended.`)).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(row.getByRole("cell").nth(1)).toHaveText("Auditor");
    await expect(row.getByRole("cell").nth(2)).toHaveText("SRE Lead · default");
  });

  test("a disabled user is signed out at once and cannot sign in again", async ({ page, browser }) => {
    const user = uniqueUser();
    const row = await createUserInUI(page, user);

    const theirContext = await browser.newContext({ storageState: signedOut });
    try {
      const theirs = await theirContext.newPage();
      await signIn(theirs, user.email, user.password);
      await expect(welcomeHeading(theirs)).toHaveText(`Welcome, ${user.name}`);

      await row.getByRole("button", { name: `Disable ${user.name}` }).click();
      const confirm = page.getByRole("dialog", { name: `Disable ${user.name}?` });
      await confirm.getByRole("button", { name: "Disable user" }).click();
      await expect(toasts(page).getByText(`Disabled ${user.name}; their sessions have ended.`)).toBeVisible();
      await expect(row.getByRole("cell").nth(3)).toHaveText("Disabled");
      await expect(row.getByRole("button", { name: `Enable ${user.name}` })).toBeVisible();

      await theirs.reload();
      await expect(theirs).toHaveURL(/\/sign-in/);
      await expect(theirs.getByRole("heading", { name: "Sign in" })).toBeVisible();

      await signIn(theirs, user.email, user.password);
      await expect(theirs.getByRole("alert").filter({ hasText: WRONG_CREDENTIALS })).toBeVisible();
      await expect(theirs).toHaveURL(/\/sign-in/);
    } finally {
      await theirContext.close();
    }
  });

  test("changing a signed-in user's roles ends their session", async ({ page, browser }) => {
    const user = uniqueUser();
    const row = await createUserInUI(page, user);

    const theirContext = await browser.newContext({ storageState: signedOut });
    try {
      const theirs = await theirContext.newPage();
      await signIn(theirs, user.email, user.password);
      await expect(welcomeHeading(theirs)).toBeVisible();

      await row.getByRole("button", { name: `Edit roles of ${user.name}` }).click();
      const dialog = page.getByRole("dialog", { name: `Roles of ${user.name}` });
      await dialog.getByRole("checkbox", { name: "Security Engineer" }).check();
      await dialog.getByRole("button", { name: "Save roles" }).click();
      await expect(toasts(page).getByText(`Updated roles of ${user.name}; their sessions have ended.`)).toBeVisible();

      await theirs.reload();
      await expect(theirs).toHaveURL(/\/sign-in/);

      // Signing in again works and shows the new role.
      await signIn(theirs, user.email, user.password);
      await expect(welcomeHeading(theirs)).toBeVisible();
      await expect(theirs.getByRole("list", { name: "Sign-off roles" })).toHaveText(/^Security Engineer in /);
    } finally {
      await theirContext.close();
    }
  });
});
