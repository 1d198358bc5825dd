import type { Page, TestInfo } from "@playwright/test";
import { axeViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";

/**
 * The header: one row at 1280 px for every role (the project switcher and,
 * for admins and auditors, six links), one row with a menu on a phone, 44 px
 * touch targets on a touch screen. Screenshots are attached to look at.
 */

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, clip: { x: 0, y: 0, width: page.viewportSize()!.width, height: 160 } });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** The vertical centre of each visible element's box: equal (within a few px) when they sit on one row. */
const centres = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((elements) =>
    elements.filter((element) => (element as HTMLElement).offsetParent !== null).map((element) => {
      const box = element.getBoundingClientRect();
      return Math.round(box.top + box.height / 2);
    }),
  );

for (const who of ["admin", "auditor", "member"] as const) {
  test.describe(`header at 1280 px: ${who}`, () => {
    test.use({ signedInAs: who, viewport: { width: 1280, height: 800 } });

    test("takes one row with every link, the user and Sign out", async ({ page }, testInfo) => {
      await page.goto("/");
      const banner = page.getByRole("banner");
      const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
      await expect(links.first()).toBeVisible();
      if (who !== "member") await expect(links).toHaveCount(6);
      await expect(banner.getByRole("button", { name: /^(Projects|Project: )/ })).toBeVisible();
      await expect(banner.getByRole("button", { name: "Sign out" })).toBeVisible();
      await expect(banner.getByRole("button", { name: "Menu" })).toBeHidden();
      const middles = await centres(page, "header a, header button");
      expect(middles.length).toBeGreaterThan(4);
      expect(Math.max(...middles) - Math.min(...middles), "every header control on one row").toBeLessThanOrEqual(8);
      expect((await banner.boundingBox())!.height).toBeLessThan(72);
      await shot(page, testInfo, `header-1280-${who}`);
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}

test.describe("header on a phone", () => {
  test.use({ signedInAs: "admin", viewport: { width: 390, height: 844 } });

  test("is one row with a menu that holds the links, the profile and Sign out", async ({ page }, testInfo) => {
    await page.goto("/");
    const banner = page.getByRole("banner");
    await expect(banner.getByRole("button", { name: "Menu" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    expect((await banner.boundingBox())!.height).toBeLessThan(72);
    await shot(page, testInfo, "header-390-closed");
    await banner.getByRole("button", { name: "Menu" }).click();
    const menu = page.getByRole("menu");
    // The links, then the projects (as many as exist: other specs create some) and All projects, then the profile and Sign out.
    await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
    const items = await menu.getByRole("menuitem").allTextContents();
    expect(items.slice(0, 6)).toEqual(["Overview", "Releases", "Templates", "Audit log", "Archive", "Users"]);
    expect(items.slice(-3)).toEqual(["All projects", "Profile and API tokens", "Sign out"]);
    await page.screenshot({ path: testInfo.outputPath("header-390-menu.png") });
    await testInfo.attach("header-390-menu", { path: testInfo.outputPath("header-390-menu.png"), contentType: "image/png" });
    expect(await axeViolations(page)).toEqual([]);
    await menu.getByRole("menuitem", { name: "Archive" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Archive" })).toBeVisible();
  });
});
