import { readFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { decode, encode, type JWT } from "next-auth/jwt";
import { DEMO_PROJECT, expect, test } from "./support/fixtures";

/**
 * Session limits against the running app (lib/security/session-policy.ts):
 * a session ends 8 h after its last page view (idle) and 7 days after sign-in
 * (absolute), and a page view renews it. The tests take a real session's
 * token and re-issue it, with the app's own key, as if time had passed.
 */

const COOKIE = "authjs.session-token";
const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/** The app's Auth.js key, kept in the e2e data directory (lib/db/embedded.ts). */
function authSecret(): string {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error("E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  return (JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as { authSecret: string }).authSecret;
}

async function sessionToken(context: BrowserContext): Promise<JWT> {
  const cookie = (await context.cookies()).find((entry) => entry.name === COOKIE);
  expect(cookie, "a session cookie after signing in").toBeDefined();
  const token = await decode({ token: cookie!.value, secret: authSecret(), salt: COOKIE });
  expect(token).toMatchObject({ sub: expect.any(String), authTime: expect.any(Number) });
  return token!;
}

/** Replaces the browser's session with `token`, valid for `maxAge` more seconds (negative: expired). */
async function useToken(context: BrowserContext, baseURL: string, token: JWT, maxAge: number): Promise<void> {
  const value = await encode({ token, secret: authSecret(), salt: COOKIE, maxAge });
  // Leave the app first: a response still in flight (a link prefetch) would renew and overwrite the cookie.
  for (const page of context.pages()) await page.goto("about:blank");
  await context.clearCookies();
  await context.addCookies([{ name: COOKIE, value, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function expectSignedOut(page: Page): Promise<void> {
  await page.goto(`/p/${DEMO_PROJECT}/releases`);
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
}

async function expectSignedIn(page: Page): Promise<void> {
  await page.goto(`/p/${DEMO_PROJECT}/releases`);
  await expect(page).toHaveURL(/\/releases$/);
  await expect(page.getByRole("heading", { level: 1, name: "Releases" })).toBeVisible();
}

test.describe("session limits", () => {
  test("idle: a session whose last page view was longer ago than the idle limit has ended", async ({ page, signInAs, baseURL }) => {
    await signInAs("member");
    const token = await sessionToken(page.context());
    // Control: the same session, re-issued with time left, still works.
    await useToken(page.context(), baseURL!, token, 60);
    await expectSignedIn(page);
    // Last seen 8 h 1 min ago: its JWT expired a minute ago.
    await useToken(page.context(), baseURL!, { ...token, authTime: nowSeconds() - 8 * HOUR - 60 }, -60);
    await expectSignedOut(page);
  });

  test("sliding: a page view renews the session for the whole idle limit", async ({ page, signInAs, baseURL }) => {
    await signInAs("member");
    const token = await sessionToken(page.context());
    // Signed in two days ago, one minute left before the idle limit ends it.
    const signedInAt = nowSeconds() - 2 * DAY;
    await useToken(page.context(), baseURL!, { ...token, authTime: signedInAt }, 60);
    await expectSignedIn(page);
    const cookie = (await page.context().cookies()).find((entry) => entry.name === COOKIE)!;
    expect((cookie.expires - Date.now() / 1000) / HOUR).toBeGreaterThan(7.9);
    const renewed = await sessionToken(page.context());
    expect(((renewed.exp as number) - nowSeconds()) / HOUR).toBeGreaterThan(7.9);
    // The sign-in time is not renewed: the absolute limit still counts from it.
    expect(renewed.authTime).toBe(signedInAt);
  });

  test("absolute: a session signed in more than 7 days ago has ended, however recently used", async ({ page, signInAs, baseURL }) => {
    await signInAs("member");
    const token = await sessionToken(page.context());
    // Control: signed in 6 days ago, active: still signed in.
    await useToken(page.context(), baseURL!, { ...token, authTime: nowSeconds() - 6 * DAY }, 8 * HOUR);
    await expectSignedIn(page);
    // Signed in 7 days and 1 minute ago, with a fresh idle expiry: ended, and the cookie is cleared.
    await useToken(page.context(), baseURL!, { ...token, authTime: nowSeconds() - 7 * DAY - 60 }, 8 * HOUR);
    await expectSignedOut(page);
    expect((await page.context().cookies()).map((entry) => entry.name)).not.toContain(COOKIE);
  });
});
