import type { Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { DEMO_PROJECT, expect, test } from "./support/fixtures";

/**
 * The app works under its Content-Security-Policy: a tour of the main pages
 * (sign-in, releases, a release with live updates over server-sent events,
 * template import, admin, audit log, archive, certificate) finds no CSP
 * violation in the browser, and the pages are interactive (hydrated).
 */

type Violation = { directive: string; blocked: string; source: string };

/** Records the page's CSP violations: the browser's events (read with violationsOf) and its console reports (returned). */
async function watchViolations(page: Page): Promise<{ console: string[] }> {
  const console: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string; source: string }[] = [];
    (window as unknown as { __cspViolations: typeof seen }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI, source: `${event.sourceFile}:${event.lineNumber}` });
    });
  });
  return { console };
}

async function violationsOf(page: Page): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: Violation[] }).__cspViolations ?? []);
}

async function visit(page: Page, path: string, ready: () => Promise<void>): Promise<void> {
  await page.goto(path);
  await ready();
  expect(await violationsOf(page), `CSP violations on ${path}`).toEqual([]);
}

test("the sign-in page works under the CSP", async ({ page }) => {
  const watch = await watchViolations(page);
  await visit(page, "/sign-in", async () => {
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  });
  // The form works: its server action answers in place.
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Enter your email.")).toBeVisible();
  expect(await violationsOf(page)).toEqual([]);
  expect(watch.console).toEqual([]);
});

test.describe("signed in as admin", () => {
  test.use({ signedInAs: "admin" });

  test("the main pages, live updates and the certificate work under the CSP", async ({ page, baseURL }) => {
    test.slow(); // a tour of nine pages
    const watch = await watchViolations(page);

    // A release to look at, created through the API with the session (same origin).
    const templates = (await (await page.request.get(`/api/v1/projects/${DEMO_PROJECT}/templates`)).json()) as { templates: { id: string; name: string }[] };
    const template = templates.templates.find((entry) => entry.name === "mgit Production Deployment Checklist")!;
    const version = `5.${Date.now() % 100_000}.${Number.parseInt(randomUUID().slice(0, 6), 16)}`;
    const created = await page.request.post(`/api/v1/projects/${DEMO_PROJECT}/releases`, {
      headers: { origin: new URL(baseURL!).origin },
      data: { templateId: template.id, environment: "staging", version },
    });
    expect(created.status(), await created.text()).toBe(201);
    const release = (await created.json()) as { id: string };

    await visit(page, "/", async () => {
      await expect(page.getByRole("heading", { level: 1, name: /^Welcome,/ })).toBeVisible();
    });
    await visit(page, `/p/${DEMO_PROJECT}/releases`, async () => {
      await expect(page.getByRole("heading", { level: 1, name: "Releases" })).toBeVisible();
    });
    await visit(page, `/p/${DEMO_PROJECT}/releases/${release.id}`, async () => {
      await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible();
      // Server-sent events connected (connect-src) and the page hydrated.
      await expect(page.getByRole("status").filter({ hasText: /^(Live|Connecting…|Reconnecting…)$/ })).toHaveText("Live", { timeout: 20_000 });
    });
    // An interaction that goes through a server action and comes back live.
    const docker = page.getByRole("checkbox", { name: "Docker image builds successfully", exact: true });
    await docker.check();
    await expect(docker).toBeChecked();
    expect(await violationsOf(page)).toEqual([]);

    await visit(page, `/p/${DEMO_PROJECT}/templates/import`, async () => {
      await expect(page.getByRole("heading", { level: 1, name: "Import template" })).toBeVisible();
    });
    await visit(page, "/admin/users", async () => {
      await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
      // Radix dialogs (portals, focus traps, inline styles) open under the CSP.
      await page.getByRole("button", { name: "Create user" }).click();
      await expect(page.getByRole("dialog", { name: "Create user" })).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog", { name: "Create user" })).toBeHidden();
    });
    await visit(page, "/audit", async () => {
      await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    });
    await visit(page, "/archive", async () => {
      await expect(page.getByRole("heading", { level: 1, name: "Archive" })).toBeVisible();
    });
    await visit(page, `/archive/${release.id}`, async () => {
      await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible();
    });
    await visit(page, `/p/${DEMO_PROJECT}/releases/${release.id}/certificate`, async () => {
      await expect(page.getByRole("heading", { level: 1, name: "Sign-off certificate" })).toBeVisible();
    });
    await page.screenshot({ path: test.info().outputPath("certificate-under-csp.png"), fullPage: true });
    expect(watch.console).toEqual([]);
  });
});
