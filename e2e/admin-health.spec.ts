import type { Page } from "@playwright/test";
import { DEMO_PROJECT, expect, test } from "./support/fixtures";

const TEMPLATE = "mgit Production Deployment Checklist";
const randomVersion = () => `${Math.floor(Math.random() * 900) + 100}.${Math.floor(Math.random() * 1000)}.${Date.now() % 100_000}`;

/**
 * Gives the dashboard something to draw: a staging release with one item N/A,
 * created through the JSON API with the signed-in admin's browser session.
 */
async function releaseWithAnItemNotApplicable(page: Page, origin: string): Promise<void> {
  const headers = { origin };
  const templates = (await (await page.request.get(`/api/v1/projects/${DEMO_PROJECT}/templates`)).json()) as { templates: { id: string; name: string }[] };
  const templateId = templates.templates.find((template) => template.name === TEMPLATE)?.id;
  expect(templateId, `the seeded template "${TEMPLATE}"`).toBeDefined();
  const created = await page.request.post(`/api/v1/projects/${DEMO_PROJECT}/releases`, { headers, data: { templateId, version: randomVersion(), environment: "staging" } });
  expect(created.status(), await created.text()).toBe(201);
  const release = (await created.json()) as { id: string };
  const { items } = (await (await page.request.get(`/api/v1/projects/${DEMO_PROJECT}/releases/${release.id}/items`)).json()) as { items: { key: string }[] };
  const patched = await page.request.patch(`/api/v1/projects/${DEMO_PROJECT}/releases/${release.id}/items/${items[0]!.key}`, {
    headers,
    data: { status: "na", reason: "Not needed for this release" },
  });
  expect(patched.status(), await patched.text()).toBe(200);
}

test.describe("admin: system health", () => {
  test.use({ signedInAs: "admin" });

  test("an admin opens the dashboard from the admin navigation and sees tiles and charts", async ({ page, baseURL }, testInfo) => {
    test.slow(); // API calls to create data, then a page of several aggregates
    await releaseWithAnItemNotApplicable(page, baseURL!);
    await page.goto("/admin/users");
    await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "System health" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "System health" })).toBeVisible();

    const tiles = page.getByRole("region", { name: "Current state" });
    await expect(tiles.getByRole("heading", { name: "Database" })).toBeVisible();
    await expect(tiles.getByText("Reachable", { exact: true })).toBeVisible();
    await expect(tiles.getByRole("heading", { name: "Last audit verification" })).toBeVisible();
    await expect(tiles.getByRole("heading", { name: "Audit events" })).toBeVisible();
    await expect(tiles.getByRole("heading", { name: "Uptime" })).toBeVisible();

    // Charts are images with a summary for their name, and their numbers as a table for screen readers.
    const perWeek = page.getByRole("img", { name: /^Releases per week in Staging, by outcome: \d+ in 26 weeks$/ });
    await expect(perWeek).toBeVisible();
    await expect(page.getByRole("table", { name: /^Releases per week in Staging/ }).getByRole("columnheader", { name: "Still open" })).toBeAttached();
    const items = page.getByRole("img", { name: /items most often N\/A or blocked; first: .+, \d+ N\/A and \d+ blocked$/ });
    await expect(items).toBeVisible();

    // Approval and waiting times need signed releases: a chart when some exist, else an empty state.
    for (const title of ["Time from creation to approval", "Waiting for each sign-off role"]) {
      await expect(page.getByRole("heading", { level: 2, name: title })).toBeVisible();
    }
    await expect(
      page.getByRole("img", { name: /^Median time from creation to approval per week/ }).or(page.getByText("No release was approved in this period.")),
    ).toBeVisible();
    await expect(page.getByText(/first became ready for sign-off/)).toBeVisible();

    await page.screenshot({ path: testInfo.outputPath("admin-health.png"), fullPage: true });
  });
});

test.describe("system health: who may not see it", () => {
  test.describe("a member", () => {
    test.use({ signedInAs: "member" });
    test("is refused: not found, and no link to it", async ({ page }) => {
      const response = await page.goto("/admin/health");
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
      await expect(page.getByRole("link", { name: "System health" })).toHaveCount(0);
    });
  });

  test.describe("an auditor", () => {
    test.use({ signedInAs: "auditor" });
    test("reads the admin pages but not the health dashboard", async ({ page }) => {
      await page.goto("/admin/users");
      await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "System health" })).toHaveCount(0);
      const response = await page.goto("/admin/health");
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    });
  });
});
