import type { Page } from "@playwright/test";
import { axeViolations } from "./support/axe";
import { DEMO, DEMO_PROJECT, expect, signIn, test, welcomeHeading } from "./support/fixtures";

/**
 * The archive timeline of a release a pipeline ticked in bulk: the run of
 * ticks is one row that expands, the filters by kind of event and by actor,
 * and "View as of" on hover or focus.
 */

const TEMPLATE = "mgit Production Deployment Checklist";
const TICKS = 6;

/** One more tick, by the member in a browser of their own: a second actor on the timeline. */
async function memberTicks(page: Page, releaseId: string, itemKey: string): Promise<void> {
  const baseURL = test.info().project.use.baseURL!;
  const context = await page.context().browser()!.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const member = await context.newPage();
  await signIn(member, DEMO.member);
  await expect(welcomeHeading(member)).toBeVisible();
  const response = await member.request.patch(`/api/v1/projects/${DEMO_PROJECT}/releases/${releaseId}/items/${itemKey}`, { headers: { origin: new URL(baseURL).origin }, data: { status: "done" } });
  expect(response.status(), await response.text()).toBe(200);
  await context.close();
}

async function arrange(page: Page): Promise<{ id: string; version: string }> {
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const { templates } = (await (await page.request.get(`/api/v1/projects/${DEMO_PROJECT}/templates`)).json()) as { templates: { id: string; name: string }[] };
  const template = templates.find((entry) => entry.name === TEMPLATE)!;
  const version = `6.${Date.now() % 100_000}.${Math.floor(Math.random() * 1_000_000)}`;
  const created = await page.request.post(`/api/v1/projects/${DEMO_PROJECT}/releases`, { headers: { origin }, data: { templateId: template.id, environment: "staging", version } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const { items } = (await (await page.request.get(`/api/v1/projects/${DEMO_PROJECT}/releases/${id}/items`)).json()) as { items: { key: string }[] };
  // The first tick also moves the release to in progress (an event of its own), then a run of TICKS ticks.
  for (const item of items.slice(0, TICKS + 1)) {
    const response = await page.request.patch(`/api/v1/projects/${DEMO_PROJECT}/releases/${id}/items/${item.key}`, { headers: { origin }, data: { status: "done" } });
    expect(response.status(), await response.text()).toBe(200);
  }
  await memberTicks(page, id, items[TICKS + 1]!.key);
  return { id, version };
}

test.describe("archive timeline", () => {
  test.use({ signedInAs: "admin" });

  test("groups a run of ticks, expands it, and filters by kind and by actor", async ({ page }, testInfo) => {
    test.slow();
    const release = await arrange(page);
    await page.goto(`/archive/${release.id}`);
    const timeline = page.getByRole("list", { name: "Timeline" });
    const group = timeline.getByRole("listitem").filter({ hasText: new RegExp(`ticked ${TICKS} items, \\d\\d:\\d\\d:\\d\\d–\\d\\d:\\d\\d:\\d\\d`) });
    await expect(group).toHaveCount(1);
    const each = group.getByRole("list", { name: new RegExp(`^${TICKS} changes by `) });
    // Closed, the group's changes are not even in the page (a CI run of a thousand ticks costs nothing until opened).
    await expect(each).toHaveCount(0);
    const toggle = group.getByRole("link", { name: /^Show each/ });
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await toggle.click();
    await expect(page).toHaveURL(/[?&]open=\d+#event-\d+$/);
    await expect(each).toBeVisible();
    await expect(each.getByRole("listitem")).toHaveCount(TICKS);
    await expect(group.getByRole("link", { name: /^Hide/ })).toHaveAttribute("aria-expanded", "true");

    // "View as of" shows on hover or focus, not on every row.
    const firstTick = each.getByRole("listitem").first();
    const asOf = firstTick.getByRole("link", { name: /View as of this event/ });
    await page.mouse.move(0, 0);
    await expect(asOf).toHaveCSS("opacity", "0");
    await expect(each.getByRole("link", { name: /View as of this event/ }).nth(1)).toHaveCSS("opacity", "0");
    await firstTick.hover();
    await expect(asOf).toHaveCSS("opacity", "1");
    await page.mouse.move(0, 0);
    await expect(asOf).toHaveCSS("opacity", "0");
    // The keyboard reaches it: from the group's Hide link, Tab lands on the first change's link, which shows.
    await group.getByRole("link", { name: /^Hide/ }).focus();
    await page.keyboard.press("Tab");
    await expect(asOf).toBeFocused();
    await expect(asOf).toHaveCSS("opacity", "1");
    const path = testInfo.outputPath("timeline-grouped.png");
    await page.getByRole("heading", { name: "Timeline" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach("timeline-grouped", { path, contentType: "image/png" });
    expect(await axeViolations(page)).toEqual([]);

    // Filter: status changes only (the release created, moved to in progress).
    await page.getByRole("navigation", { name: "Timeline: kind of event" }).getByRole("link", { name: "Status changes" }).click();
    await expect(page).toHaveURL(/events=status/);
    await expect(page.getByRole("status").filter({ hasText: /^Showing \d+ of \d+ events\.$/ })).toBeVisible();
    await expect(timeline.getByRole("listitem").filter({ hasText: /ticked/ })).toHaveCount(0);
    await expect(timeline.getByRole("listitem").first()).toContainText(`created release ${release.version}`);

    // Filter: item changes only. Without the status change between them, the first tick joins the run.
    await page.getByRole("navigation", { name: "Timeline: kind of event" }).getByRole("link", { name: "Item changes" }).click();
    await expect(page).toHaveURL(/events=items/);
    await expect(timeline.getByRole("listitem").filter({ hasText: `ticked ${TICKS + 1} items` })).toHaveCount(1);
    await expect(timeline.getByText(/created release/)).toHaveCount(0);

    // Filter: by the member, the one change they made.
    await page.getByRole("navigation", { name: "Timeline: actor" }).getByRole("link", { name: "Max Member" }).click();
    await expect(page).toHaveURL(/actor=/);
    await expect(timeline.getByRole("listitem")).toHaveCount(1);
    await expect(timeline.getByRole("listitem")).toContainText("Max Member ticked");

    // A made-up actor is refused with a message naming the field, and the whole timeline shows.
    await page.goto(`/archive/${release.id}?actor=nobody`);
    await expect(page.getByText("By must be someone who appears in this release's timeline.")).toBeVisible();
    await expect(timeline.getByText(/created release/)).toHaveCount(1);
  });
});
