import type { Page, TestInfo } from "@playwright/test";
import { axeViolations } from "./support/axe";
import { DEMO_PROJECT, expect, test } from "./support/fixtures";

/**
 * Finding your way through a release page: sections that open and close and
 * stay so per user and release, expand and collapse all, "next open item"
 * (button and N key), the sign-off summary at the top; no axe violations.
 */

const TEMPLATE = "mgit Production Deployment Checklist";
const SECTION = "Pre-deployment Validation";
const TESTS = "All tests pass (unit, integration, security)";

const uniqueVersion = () => `8.${Date.now() % 100_000}.${Math.floor(Math.random() * 1_000_000)}`;

/** A fresh staging release through the JSON API (with the page's session), opened in the page. */
async function openNewRelease(page: Page): Promise<{ id: string; version: string }> {
  const origin = new URL(page.url() === "about:blank" ? test.info().project.use.baseURL! : page.url()).origin;
  const { templates } = (await (await page.request.get(`/api/v1/projects/${DEMO_PROJECT}/templates`)).json()) as { templates: { id: string; name: string }[] };
  const template = templates.find((entry) => entry.name === TEMPLATE)!;
  const version = uniqueVersion();
  const created = await page.request.post(`/api/v1/projects/${DEMO_PROJECT}/releases`, { headers: { origin }, data: { templateId: template.id, environment: "staging", version } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/p/${DEMO_PROJECT}/releases/${id}`);
  await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible();
  await untilLive(page);
  return { id, version };
}

/** The page hydrated and its live stream connected (slow on a loaded machine). */
const untilLive = (page: Page) => expect(page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible({ timeout: 60_000 });

async function reload(page: Page): Promise<void> {
  await page.reload();
  await untilLive(page);
}

const sectionToggle = (page: Page, title: string) => page.getByRole("heading", { level: 2, name: title }).getByRole("button");

/** Sign-off cards are as tall as their content: a "Waiting" card is not stretched to the tallest card of its row. */
async function expectCardsAsTallAsTheirContent(page: Page): Promise<void> {
  const stretched = await page.locator("#signoffs ul.grid > li").evaluateAll((cards) =>
    cards.flatMap((card) => {
      const inner = [...card.children].reduce((bottom, child) => Math.max(bottom, child.getBoundingClientRect().bottom), card.getBoundingClientRect().top);
      const slack = card.getBoundingClientRect().bottom - inner;
      return slack > 24 ? [`${card.textContent?.slice(0, 40)}: ${Math.round(slack)} px below its content`] : [];
    }),
  );
  expect(await page.locator("#signoffs ul.grid > li").count()).toBeGreaterThan(1);
  expect(stretched).toEqual([]);
}

/** A screenshot attached to the report: the whole page, or (`viewport`) what is on screen. */
async function snapshot(page: Page, testInfo: TestInfo, name: string, { viewport = false } = {}): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: !viewport });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

test.describe("release page: finding your way", () => {
  test.use({ signedInAs: "member" });
  // Several page loads each, on a shared 2-core machine.
  test.beforeEach(() => test.setTimeout(300_000));

  test("sections open and close, and stay so for this user and release", async ({ page, browser }, testInfo) => {
    const first = await openNewRelease(page);
    const toggle = sectionToggle(page, SECTION);
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByRole("checkbox", { name: TESTS, exact: true })).toBeVisible();
    const testsId = (await page.getByRole("checkbox", { name: TESTS, exact: true }).getAttribute("id"))!;
    const pageUrl = page.url();
    expect(await (await page.request.get(pageUrl)).text()).toContain(`id="${testsId}"`);

    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByRole("checkbox", { name: TESTS, exact: true })).toHaveCount(0);
    // Its counts stay in the header while closed.
    await expect(page.getByRole("progressbar", { name: `${SECTION} progress` })).toBeVisible();

    await reload(page);
    await expect(sectionToggle(page, SECTION)).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByRole("checkbox", { name: TESTS, exact: true })).toHaveCount(0);
    await snapshot(page, testInfo, "section-closed");
    // Kept on the server: the page's HTML comes without the closed section's rows, and another
    // browser of the same user (its session cookie and nothing else) opens it closed.
    expect(await (await page.request.get(pageUrl)).text()).not.toContain(`id="${testsId}"`);
    const { cookies } = await page.context().storageState();
    const elsewhere = await browser.newContext({ baseURL: testInfo.project.use.baseURL, storageState: { cookies, origins: [] } });
    const other = await elsewhere.newPage();
    await other.goto(pageUrl);
    await untilLive(other);
    await expect(sectionToggle(other, SECTION)).toHaveAttribute("aria-expanded", "false");
    await expect(sectionToggle(other, "Environment Preparation")).toHaveAttribute("aria-expanded", "true");
    await elsewhere.close();

    // Another release of the same user keeps its own state.
    await openNewRelease(page);
    await expect(sectionToggle(page, SECTION)).toHaveAttribute("aria-expanded", "true");

    // Collapse all and expand all; the last choice is remembered.
    await page.goto(`/p/${DEMO_PROJECT}/releases/${first.id}`);
    await untilLive(page);
    await page.getByRole("button", { name: "Collapse all" }).click();
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await page.getByRole("button", { name: "Expand all" }).click();
    await expect(page.getByRole("checkbox", { name: TESTS, exact: true })).toBeVisible();
    await reload(page);
    await expect(page.getByRole("heading", { level: 2 }).getByRole("button", { expanded: false })).toHaveCount(0);
  });

  test("next open item: the button and the N key move through what is left, opening sections", async ({ page }, testInfo) => {
    await openNewRelease(page);
    await page.getByRole("button", { name: "Collapse all" }).click();

    await page.getByRole("button", { name: /^Next open item/ }).click();
    const first = page.getByRole("checkbox").first();
    await expect(first).toBeFocused();
    await expect(sectionToggle(page, SECTION)).toHaveAttribute("aria-expanded", "true");
    const firstName = await first.evaluate((element) => (element as HTMLInputElement).labels?.[0]?.textContent ?? "");

    // Space ticks the focused item; N goes on to the next open one.
    await page.keyboard.press("Space");
    await expect(page.getByRole("checkbox", { name: firstName, exact: true })).toBeChecked();
    await page.keyboard.press("n");
    const focusedName = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? "");
    await expect.poll(focusedName).not.toBe(firstName);
    const second = await focusedName();
    expect(second).not.toBe("");
    await expect(page.getByRole("checkbox", { name: second, exact: true })).not.toBeChecked();

    await expect(page.getByRole("progressbar", { name: "Overall progress" })).toHaveAttribute("aria-valuenow", "1");
    await snapshot(page, testInfo, "next-open-item");
  });

  test("the sign-off summary at the top names each role and links to the panel", async ({ page }, testInfo) => {
    await openNewRelease(page);
    const summary = page.getByRole("navigation", { name: "Sign-off summary" });
    await expect(summary.getByRole("link", { name: "QA Lead: waiting" })).toBeVisible();
    await expect(summary.getByRole("link", { name: /^Sign-offs 0\/\d+$/ })).toBeVisible();
    // At the top: above the checklist, in the first screen.
    await expect(summary).toBeInViewport();
    await snapshot(page, testInfo, "signoff-summary-1280", { viewport: true });
    await summary.getByRole("link", { name: "QA Lead: waiting" }).click();
    await expect(page).toHaveURL(/#signoffs$/);
    await expect(page.getByRole("region", { name: /Sign-offs/ }).first()).toBeInViewport();
    await expectCardsAsTallAsTheirContent(page);
    await snapshot(page, testInfo, "signoff-panel-1280", { viewport: true });
    // The release page as a whole: no axe violations.
    expect(await axeViolations(page)).toEqual([]);
  });
});

test.describe("release page on a touch screen", () => {
  test.use({ signedInAs: "member", viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("gives items, section toggles and filters 44 px targets", async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    await openNewRelease(page);
    expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches), "the browser reports a coarse pointer").toBe(true);
    const heights = async (locator: ReturnType<Page["locator"]>) => (await locator.boundingBox())!.height;
    expect(await heights(page.locator(`label[for^="item-"]`).first())).toBeGreaterThanOrEqual(44);
    expect(await heights(sectionToggle(page, SECTION))).toBeGreaterThanOrEqual(44);
    expect(await heights(page.getByRole("button", { name: /^Open/ }))).toBeGreaterThanOrEqual(44);
    expect(await heights(page.getByRole("button", { name: "Menu" }))).toBeGreaterThanOrEqual(44);
    await snapshot(page, testInfo, "release-touch");
  });

  test("on a phone: the sign-off summary leads to the panel, next open item and collapse all work, and both are kept", async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    await openNewRelease(page);
    const summary = page.getByRole("navigation", { name: "Sign-off summary" });
    await expect(summary).toBeInViewport();
    await snapshot(page, testInfo, "phone-top", { viewport: true });
    await summary.getByRole("link", { name: "QA Lead: waiting" }).tap();
    await expect(page).toHaveURL(/#signoffs$/);
    await expect(page.getByRole("region", { name: /Sign-offs/ }).first()).toBeInViewport();
    await expectCardsAsTallAsTheirContent(page);
    await snapshot(page, testInfo, "phone-signoffs", { viewport: true });

    await page.getByRole("button", { name: "Collapse all" }).tap();
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await page.getByRole("button", { name: /^Next open item/ }).tap();
    await expect(page.getByRole("checkbox").first()).toBeFocused();
    await expect(page.getByRole("checkbox").first()).toBeInViewport();
    await expect(sectionToggle(page, SECTION)).toHaveAttribute("aria-expanded", "true");
    await snapshot(page, testInfo, "phone-next-open", { viewport: true });

    await reload(page);
    await expect(sectionToggle(page, SECTION)).toHaveAttribute("aria-expanded", "true");
    await expect(sectionToggle(page, "Environment Preparation")).toHaveAttribute("aria-expanded", "false");
    expect(await axeViolations(page)).toEqual([]);
  });
});
