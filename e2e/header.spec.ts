import { randomUUID } from "node:crypto";
import type { Locator, Page, TestInfo } from "@playwright/test";
import { axeViolations } from "./support/axe";
import { accountButton, createUserInUI, DEMO_PROJECT, expect, signIn, test, toasts, uniqueUser, welcomeHeading } from "./support/fixtures";

/**
 * The header (issue 17): one row at 1280 px for every role, with room left
 * for one more icon button (the notification bell's slot); one row with a
 * menu on a phone, every link reachable from it; 44 px touch targets on a
 * touch screen while a mouse keeps the compact look. Screenshots are
 * attached to look at.
 */

async function shot(page: Page, testInfo: TestInfo, name: string, height = 160): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, clip: { x: 0, y: 0, width: page.viewportSize()!.width, height } });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

type Box = { x: number; y: number; width: number; height: number };
const box = async (locator: Locator): Promise<Box> => (await locator.boundingBox())!;

/** The header's visible controls, each with its box (measured with boundingBox). */
async function controls(page: Page): Promise<Box[]> {
  const all = page.getByRole("banner").locator("a:visible, button:visible");
  const boxes: Box[] = [];
  for (let index = 0; index < (await all.count()); index += 1) boxes.push(await box(all.nth(index)));
  return boxes;
}

/** One row: every control's vertical centre within a few pixels of the others, nothing past the right edge, the header no taller than one row. */
async function expectOneRow(page: Page): Promise<Box[]> {
  const boxes = await controls(page);
  expect(boxes.length).toBeGreaterThan(1);
  const middles = boxes.map((entry) => entry.y + entry.height / 2);
  expect(Math.max(...middles) - Math.min(...middles), "every header control on one row").toBeLessThanOrEqual(6);
  const right = Math.max(...boxes.map((entry) => entry.x + entry.width));
  expect(right, "nothing runs past the viewport").toBeLessThanOrEqual(page.viewportSize()!.width);
  expect((await box(page.getByRole("banner"))).height).toBeLessThan(72);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "no horizontal scrolling").toBeLessThanOrEqual(0);
  return boxes;
}

/** Room for the bell: the gap between the last link and the account button holds a 36 px icon button and its gap. */
async function expectRoomForOneIcon(page: Page): Promise<void> {
  const nav = await box(page.getByRole("navigation", { name: "Main" }));
  const account = await box(accountButton(page));
  expect(account.x - (nav.x + nav.width), "room for one more icon button").toBeGreaterThanOrEqual(36 + 8 + 20);
}

/** The links each role has: admins and auditors the most (six); a maintainer and a member at least Overview and Releases. */
const ROLES = { admin: 6, auditor: 6, techLead: null, member: null } as const;

for (const [who, linkCount] of Object.entries(ROLES) as [keyof typeof ROLES, number | null][]) {
  test.describe(`header at 1280 px: ${who}`, () => {
    test.use({ signedInAs: who, viewport: { width: 1280, height: 800 } });

    test("takes one row with the switcher, every link and the account menu, with room for one more icon", async ({ page }, testInfo) => {
      test.slow();
      for (const path of ["/", `/p/${DEMO_PROJECT}/releases`]) {
        await page.goto(path);
        const banner = page.getByRole("banner");
        const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
        if (linkCount === null) await expect(links.filter({ hasText: /^(Overview|Releases)$/ })).toHaveCount(2);
        else await expect(links).toHaveCount(linkCount);
        await expect(banner.getByRole("button", { name: /^(Projects|Project: )/ })).toBeVisible();
        await expect(accountButton(page)).toBeVisible();
        await expect(banner.getByRole("button", { name: "Menu" })).toBeHidden();
        await expectOneRow(page);
        await expectRoomForOneIcon(page);
      }
      await shot(page, testInfo, `header-1280-${who}`);
      expect(await axeViolations(page)).toEqual([]);

      // The account menu: who is signed in, the profile, Sign out.
      await accountButton(page).click();
      const menu = page.getByRole("menu");
      await expect(menu.getByRole("menuitem")).toHaveText(["Profile and API tokens", "Sign out"]);
      await expect(menu).toContainText(/@countersign\.test · (Admin|Auditor|Member)/);
      await shot(page, testInfo, `header-1280-${who}-account`, 260);
      expect(await axeViolations(page)).toEqual([]);
      await menu.getByRole("menuitem", { name: "Profile and API tokens" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
    });
  });
}

test.describe("header at 1280 px: long names", () => {
  test.use({ signedInAs: "admin", viewport: { width: 1280, height: 800 } });

  test("a long project name and a long user name still leave one row with room for one more icon", async ({ page, browser }, testInfo) => {
    test.slow();
    const id = randomUUID().slice(0, 6);
    const key = `ops-${id}`;
    await page.goto("/projects");
    await page.getByRole("button", { name: "Create project" }).click();
    const dialog = page.getByRole("dialog", { name: "Create project" });
    await dialog.getByLabel("Key").fill(key);
    await dialog.getByLabel("Name").fill(`Platform Reliability and Observability Engineering ${id}`);
    await dialog.getByRole("button", { name: "Create project" }).click();
    await expect(page).toHaveURL(new RegExp(`/p/${key}/settings/members`), { timeout: 20_000 });
    await expect(page.getByRole("banner").getByRole("button", { name: /^Project: Platform Reliability/ })).toBeVisible();
    await expectOneRow(page);
    await expectRoomForOneIcon(page);

    // A member with a long name, in that project.
    await page.goto("/admin/users");
    const user = { ...uniqueUser(), name: `Maximiliana Featherstonehaugh-Worthington ${id}` };
    await createUserInUI(page, user);
    await page.goto(`/p/${key}/settings/members`);
    await page.getByRole("textbox", { name: "Email" }).fill(user.email);
    await page.getByRole("button", { name: "Add member" }).click();
    await expect(toasts(page).getByText(`Added ${user.email} as contributor.`)).toBeVisible({ timeout: 20_000 });

    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: { width: 1280, height: 800 }, storageState: { cookies: [], origins: [] } });
    const theirs = await context.newPage();
    await signIn(theirs, user.email, user.password);
    await expect(welcomeHeading(theirs)).toBeVisible();
    await theirs.goto(`/p/${key}`);
    await expect(accountButton(theirs)).toHaveAccessibleName(`Account: ${user.name}`);
    await expectOneRow(theirs);
    await expectRoomForOneIcon(theirs);
    await shot(theirs, testInfo, "header-1280-long-names");
    await context.close();
  });
});

test.describe("header on a phone", () => {
  test.use({ signedInAs: "admin", viewport: { width: 390, height: 844 } });

  test("is one row with a menu that reaches every link, the projects, the profile and Sign out", async ({ page }, testInfo) => {
    await page.goto(`/p/${DEMO_PROJECT}/releases`);
    const banner = page.getByRole("banner");
    await expect(banner.getByRole("button", { name: "Menu" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await expect(accountButton(page)).toBeHidden();
    const boxes = await expectOneRow(page);
    expect(boxes).toHaveLength(3); // the logo, the notification bell (the header's icon slot) and the menu
    await expect(banner.getByRole("link", { name: /^Notifications/ })).toBeVisible();
    await shot(page, testInfo, "header-390-closed");
    await banner.getByRole("button", { name: "Menu" }).click();
    const menu = page.getByRole("menu");
    // The links, then the projects (as many as exist: other specs create some) and All projects, then the profile and Sign out.
    await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
    const items = await menu.getByRole("menuitem").allTextContents();
    expect(items.slice(0, 6)).toEqual(["Overview", "Releases", "Templates", "Audit log", "Archive", "Users"]);
    expect(items.slice(-3)).toEqual(["All projects", "Profile and API tokens", "Sign out"]);
    await expect(menu).toContainText("admin@countersign.test · Admin");
    // Every item can be reached: the menu fits the screen or scrolls, and the last item can be scrolled to.
    await menu.getByRole("menuitem", { name: "Sign out" }).scrollIntoViewIfNeeded();
    await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath("header-390-menu.png") });
    await testInfo.attach("header-390-menu", { path: testInfo.outputPath("header-390-menu.png"), contentType: "image/png" });
    expect(await axeViolations(page)).toEqual([]);
    await menu.getByRole("menuitem", { name: "Archive" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Archive" })).toBeVisible();
    // And by keyboard: the menu opens with Enter, focus goes into it, and the arrows, Home and End reach every item.
    await banner.getByRole("button", { name: "Menu" }).focus();
    await page.keyboard.press("Enter");
    const opened = page.getByRole("menu");
    await expect(opened.locator("[role=menuitem]:focus")).toHaveCount(1);
    await page.keyboard.press("End");
    await expect(opened.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
    await page.keyboard.press("Home");
    await expect(opened.getByRole("menuitem", { name: "Overview" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(opened.getByRole("menuitem", { name: "Releases" })).toBeFocused();
  });
});

/** Waits until `element` and everything in it have finished animating (a dialog scales in as it opens: its boxes are not final before). */
const settled = (element: Locator) => element.evaluate((node) => Promise.all(node.getAnimations({ subtree: true }).map((animation) => animation.finished)).then(() => undefined));

/** Whether a tap at (x, y) lands on `target` (its own box or a touch area drawn around it). */
const hits = (page: Page, target: Locator, x: number, y: number) =>
  target.evaluate((element, point) => {
    const hit = document.elementFromPoint(point.x, point.y);
    return hit !== null && (hit === element || element.contains(hit));
  }, { x, y });

test.describe("touch targets on a touch screen", () => {
  test.use({ signedInAs: "admin", viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("header controls, menu items, buttons and checkboxes are at least 44 px", async ({ page }, testInfo) => {
    await page.goto("/admin/users");
    expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches), "the browser reports a coarse pointer").toBe(true);
    const menuButton = page.getByRole("banner").getByRole("button", { name: "Menu" });
    expect((await box(menuButton)).height).toBeGreaterThanOrEqual(44);
    expect((await box(menuButton)).width).toBeGreaterThanOrEqual(44);
    expect((await box(page.getByRole("banner").getByRole("link", { name: "Countersign" }))).height).toBeGreaterThanOrEqual(44);
    await menuButton.tap();
    for (const item of await page.getByRole("menu").getByRole("menuitem").all()) expect((await box(item)).height).toBeGreaterThanOrEqual(44);
    await page.keyboard.press("Escape");

    // A small button (size sm, 32 px with a mouse) and the design system's checkbox.
    const create = page.getByRole("button", { name: "Create user" });
    expect((await box(create)).height).toBeGreaterThanOrEqual(44);
    await create.tap();
    const dialog = page.getByRole("dialog", { name: "Create user" });
    await settled(dialog);
    const checkbox = dialog.getByRole("checkbox", { name: "Tech Lead" });
    const drawn = await box(checkbox);
    expect(drawn.width).toBeLessThan(24); // it looks the same
    const centre = { x: drawn.x + drawn.width / 2, y: drawn.y + drawn.height / 2 };
    // A tap 20 px above or to the left of its centre (outside the drawn box) still lands on it: a 44 px target.
    expect(await hits(page, checkbox, centre.x, centre.y - 20)).toBe(true);
    expect(await hits(page, checkbox, centre.x - 20, centre.y)).toBe(true);
    await page.touchscreen.tap(centre.x - 18, centre.y);
    await expect(checkbox).toBeChecked();
    // The next one in the list is a whole target further down: the two 44 px areas do not overlap.
    const next = await box(dialog.getByRole("checkbox", { name: "DevOps Engineer" }));
    expect(next.y + next.height / 2 - centre.y).toBeGreaterThanOrEqual(44);
    expect(await hits(page, checkbox, centre.x, centre.y + 20)).toBe(true);
    await shot(page, testInfo, "touch-create-user", 844);
  });
});

test.describe("the desktop look is unchanged by the touch rules", () => {
  test.use({ signedInAs: "admin", viewport: { width: 1280, height: 800 } });

  test("a mouse keeps 32 px small buttons and a 16 px checkbox with no larger target", async ({ page }) => {
    await page.goto("/admin/users");
    expect(await page.evaluate(() => matchMedia("(pointer: fine)").matches)).toBe(true);
    const create = page.getByRole("button", { name: "Create user" });
    expect((await box(create)).height).toBeLessThan(40);
    await create.click();
    await settled(page.getByRole("dialog", { name: "Create user" }));
    const checkbox = page.getByRole("dialog", { name: "Create user" }).getByRole("checkbox", { name: "Tech Lead" });
    const drawn = await box(checkbox);
    expect(drawn.height).toBe(16);
    expect(await hits(page, checkbox, drawn.x + drawn.width / 2, drawn.y + drawn.height / 2 - 20)).toBe(false);
  });
});
