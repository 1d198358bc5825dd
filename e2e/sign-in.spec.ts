import { DEMO, DEMO_PROJECT, demoPassword, expect, signIn, signOut, test, WRONG_CREDENTIALS } from "./support/fixtures";

test.describe("sign-in", () => {
  test("an admin signs in, sees the Users link, and signs out for good", async ({ page, context, signInAs }) => {
    await signInAs("admin");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toBeVisible();
    const sessionCookies = (await context.cookies()).filter((cookie) => cookie.name.endsWith("authjs.session-token"));
    expect(sessionCookies).toHaveLength(1);
    await signOut(page);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);

    // The server ended the session: a copy of the cookie taken before signing out no longer works.
    await context.addCookies(sessionCookies);
    await page.goto(`/p/${DEMO_PROJECT}/releases`);
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  });

  test("Auth.js's own endpoints are closed: its sign-out cannot leave a live session behind, nor its sign-in skip the form's checks", async ({ page, signInAs }) => {
    await signInAs("member");
    // Every Auth.js endpoint the app does not use answers 404 (docs/decisions/018), with or without a session.
    for (const path of ["csrf", "session", "providers", "signin", "signout", "callback/credentials", "error"]) {
      for (const method of ["GET", "POST"] as const) {
        const response = await page.request.fetch(`/api/auth/${path}`, { method, form: method === "POST" ? { csrfToken: "x", callbackUrl: "/" } : undefined, maxRedirects: 0 });
        expect(response.status(), `${method} /api/auth/${path}`).toBe(404);
      }
    }
    // The session is untouched: the only way out is the app's sign-out, which ends it on the server.
    await page.goto(`/p/${DEMO_PROJECT}/releases`);
    await expect(page.getByRole("heading", { level: 1, name: "Releases" })).toBeVisible();
  });

  test("a member signs in and sees no Users link", async ({ page, signInAs }) => {
    await signInAs("member");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Overview" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Manage users" })).toHaveCount(0);
  });

  test("a wrong password gets one clear message", async ({ page }) => {
    await signIn(page, DEMO.member, "not-the-password");
    await expect(page.getByRole("alert").filter({ hasText: WRONG_CREDENTIALS })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a failed sign-in keeps the email that was typed", async ({ page }) => {
    // React 19 resets a <form action> after each submission; the form must keep the email itself.
    await signIn(page, DEMO.sreLead, "not-the-password");
    await expect(page.getByRole("alert").filter({ hasText: WRONG_CREDENTIALS })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Email" })).toHaveValue(DEMO.sreLead, { timeout: 1_000 });
  });

  test("empty fields get a message naming the field", async ({ page }) => {
    await page.goto("/sign-in");
    const email = page.getByRole("textbox", { name: "Email" });
    const password = page.getByLabel("Password");

    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription("Enter your email.");

    await email.fill(DEMO.member);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(password).toHaveAccessibleDescription("Enter your password.");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a 1 MB password gets the generic message", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("textbox", { name: "Email" }).fill(DEMO.auditor);
    await page.getByLabel("Password").fill(demoPassword() + "x".repeat(1024 * 1024));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: WRONG_CREDENTIALS })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a hostile email gets the generic message and runs no script", async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, "' OR 1=1 --<script>alert(1)</script>", "whatever-password");
    await expect(page.getByRole("alert").filter({ hasText: WRONG_CREDENTIALS })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.locator("script", { hasText: "alert(1)" })).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test("an anonymous visit to /admin/users is sent to sign-in", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);
  });

  test("/api/v1/me without a session answers 401 JSON", async ({ request }) => {
    const response = await request.get("/api/v1/me");
    expect(response.status()).toBe(401);
    expect(response.headers()["content-type"]).toContain("application/json");
    const body = await response.json();
    expect(body).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    expect(JSON.stringify(body)).not.toContain("@countersign.test");
  });
});
