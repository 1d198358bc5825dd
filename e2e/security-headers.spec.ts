import type { APIResponse, Page, Route } from "@playwright/test";
import { DEMO, DEMO_PROJECT, demoPassword, expect, test, welcomeHeading } from "./support/fixtures";

/**
 * The security headers of every kind of response, the per-request CSP nonce,
 * HSTS only over HTTPS, request ids, the session cookie's flags, and server
 * actions refusing requests that do not come from our own pages
 * (docs/decisions/009, README "Security").
 */

const CROSS_ORIGIN_MESSAGE = "This request did not come from a Countersign page, so nothing was changed. Reload the page and try again.";

function expectStaticHeaders(response: APIResponse): void {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
}

/** The policy's directives by name. */
function policyOf(response: APIResponse): Map<string, string[]> {
  const policy = response.headers()["content-security-policy"];
  expect(policy, `Content-Security-Policy on ${response.url()}`).toBeTruthy();
  return new Map(policy!.split(";").map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

function expectStrictPolicy(response: APIResponse): string {
  const policy = policyOf(response);
  const scripts = policy.get("script-src") ?? [];
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts).toContain("'strict-dynamic'");
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'self'"]);
  expect(policy.get("form-action")).toEqual(["'self'"]);
  const nonce = scripts.find((source) => source.startsWith("'nonce-"));
  expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/]{22}=='$/);
  return nonce!.slice("'nonce-".length, -1);
}

test.describe("security headers", () => {
  test("a page: strict CSP whose nonce is new per request and is on every script Next.js renders", async ({ request }) => {
    const first = await request.get("/sign-in");
    const second = await request.get("/sign-in");
    expect(first.status()).toBe(200);
    expectStaticHeaders(first);
    const nonce = expectStrictPolicy(first);
    const otherNonce = expectStrictPolicy(second);
    expect(otherNonce).not.toBe(nonce);
    expect(first.headers()["strict-transport-security"]).toBeUndefined();

    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(3);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    expect(html).not.toContain(otherNonce);
  });

  test("an API route, a static asset and 404s carry the headers too", async ({ request }) => {
    const api = await request.get("/api/health");
    expect(api.status()).toBe(200);
    expectStaticHeaders(api);
    expectStrictPolicy(api);

    const html = await (await request.get("/sign-in")).text();
    const asset = /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset, "a script of Next.js's build").toBeTruthy();
    const script = await request.get(asset!);
    expect(script.status()).toBe(200);
    expect(script.headers()["content-type"]).toContain("javascript");
    expectStaticHeaders(script);

    const icon = await request.get("/favicon.svg");
    expect(icon.status()).toBe(200);
    expectStaticHeaders(icon);

    for (const missing of ["/api/v1/no-such-thing", "/_next/static/chunks/no-such-chunk.js"]) {
      const response = await request.get(missing);
      expect(response.status(), missing).toBe(404);
      expectStaticHeaders(response);
      expectStrictPolicy(response);
    }
  });

  test("a signed-in page that does not exist answers 404 with the headers", async ({ page, signInAs }) => {
    await signInAs("member");
    const response = await page.request.get("/no-such-page");
    expect(response.status()).toBe(404);
    expectStaticHeaders(response);
    expectStrictPolicy(response);
  });

  test("HSTS only when the request came over HTTPS", async ({ request }) => {
    const https = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(policyOf(https).has("upgrade-insecure-requests")).toBe(true);
    const api = await request.get("/api/health", { headers: { "x-forwarded-proto": "https" } });
    expect(api.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");

    const http = await request.get("/sign-in", { headers: { "x-forwarded-proto": "http" } });
    expect(http.headers()["strict-transport-security"]).toBeUndefined();
    expect(policyOf(http).has("upgrade-insecure-requests")).toBe(false);
  });

  test("the redirect to the sign-in page carries them as well", async ({ request }) => {
    const response = await request.get("/releases", { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers()["location"]).toContain("/sign-in?callbackUrl=%2Freleases");
    expectStaticHeaders(response);
    expectStrictPolicy(response);
  });

  test("a safe incoming x-request-id is echoed, an unsafe one replaced", async ({ request }) => {
    const kept = await request.get("/api/health", { headers: { "x-request-id": "lb-7f3a:42.trace_1" } });
    expect(kept.headers()["x-request-id"]).toBe("lb-7f3a:42.trace_1");
    for (const unsafe of ["x".repeat(129), "two words", "<script>"]) {
      const replaced = await request.get("/api/health", { headers: { "x-request-id": unsafe } });
      expect(replaced.headers()["x-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const a = (await request.get("/api/health")).headers()["x-request-id"];
    const b = (await request.get("/api/health")).headers()["x-request-id"];
    expect(a).not.toBe(b);
  });
});

test.describe("session cookie", () => {
  test("is HttpOnly and SameSite=Lax over HTTP", async ({ page, signInAs }) => {
    await signInAs("member");
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === "authjs.session-token");
    expect(session, cookies.map((cookie) => cookie.name).join(", ")).toBeDefined();
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
    // The expiry is the idle limit: about 8 hours from now.
    const hoursLeft = (session!.expires - Date.now() / 1000) / 3600;
    expect(hoursLeft).toBeGreaterThan(7.9);
    expect(hoursLeft).toBeLessThanOrEqual(8);
  });

  test("is Secure with the __Secure- prefix over HTTPS", async ({ page, baseURL }) => {
    // Signing in through the sign-in form as if a TLS-terminating proxy had forwarded it (https scheme and Origin).
    const httpsOrigin = baseURL!.replace(/^http:/, "https:");
    let setCookies: string[] = [];
    await page.route("**/sign-in", async (route: Route) => {
      if (route.request().method() !== "POST") return route.continue();
      const headers = { ...(await route.request().allHeaders()), origin: httpsOrigin, "x-forwarded-proto": "https" };
      const response = await route.fetch({ headers });
      setCookies = response.headersArray().filter((header) => header.name.toLowerCase() === "set-cookie").map((header) => header.value);
      await route.fulfill({ response });
    });
    await page.goto("/sign-in");
    await page.getByRole("textbox", { name: "Email" }).fill(DEMO.member);
    await page.getByLabel("Password").fill(demoPassword());
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect.poll(() => setCookies.length).toBeGreaterThan(0);
    const session = setCookies.flatMap((value) => value.split("\n")).find((line) => line.startsWith("__Secure-authjs.session-token="));
    expect(session, setCookies.join(" | ")).toBeTruthy();
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Path=\//i);
  });
});

/** Re-sends the page's server-action POSTs with the given Origin (undefined: none) from outside the browser. */
async function rewriteActionOrigin(page: Page, path: string, origin: string | undefined): Promise<{ statuses: number[] }> {
  const seen = { statuses: [] as number[] };
  await page.route(`**${path}`, async (route: Route) => {
    const original = route.request();
    if (original.method() !== "POST") return route.continue();
    const headers = { ...(await original.allHeaders()) };
    delete headers["origin"];
    if (origin !== undefined) headers["origin"] = origin;
    const response = await route.fetch({ headers });
    seen.statuses.push(response.status());
    await route.fulfill({ response });
  });
  return seen;
}

async function releaseCount(page: Page, version: string): Promise<number> {
  const response = await page.request.get(`/api/v1/projects/${DEMO_PROJECT}/releases?version=${encodeURIComponent(version)}`);
  expect(response.status()).toBe(200);
  const { releases } = (await response.json()) as { releases: { version: string }[] };
  return releases.filter((release) => release.version === version).length;
}

async function submitNewRelease(page: Page, version: string): Promise<void> {
  await page.goto(`/p/${DEMO_PROJECT}/releases/new`);
  await expect(page.getByRole("heading", { level: 1, name: "New release" })).toBeVisible();
  await page.getByRole("combobox", { name: "Template", exact: true }).selectOption({ label: "mgit Production Deployment Checklist" });
  await page.getByRole("combobox", { name: "Environment" }).selectOption({ label: "Staging" });
  await page.getByRole("textbox", { name: "Version", exact: true }).fill(version);
  await page.getByRole("button", { name: "Create release" }).click();
}

const uniqueVersion = () => `7.${Date.now() % 100_000}.${Math.floor(Math.random() * 1_000_000)}`;

test.describe("server actions from other origins", () => {
  test.use({ signedInAs: "member" });

  test("a real form submission re-sent with a foreign Origin is refused and creates nothing", async ({ page }) => {
    const version = uniqueVersion();
    const seen = await rewriteActionOrigin(page, `/p/${DEMO_PROJECT}/releases/new`, "https://evil.example");
    await submitNewRelease(page, version);
    await expect.poll(() => seen.statuses.length).toBeGreaterThan(0);
    expect(seen.statuses[0]).toBeGreaterThanOrEqual(400);
    await expect(page).toHaveURL(/\/releases\/new$/);
    expect(await releaseCount(page, version)).toBe(0);
  });

  test("with a null Origin it is refused and creates nothing", async ({ page }) => {
    const version = uniqueVersion();
    const seen = await rewriteActionOrigin(page, `/p/${DEMO_PROJECT}/releases/new`, "null");
    await submitNewRelease(page, version);
    await expect.poll(() => seen.statuses.length).toBeGreaterThan(0);
    expect(seen.statuses[0]).toBeGreaterThanOrEqual(400);
    expect(await releaseCount(page, version)).toBe(0);
  });

  test("without an Origin the action answers with a clear message and creates nothing", async ({ page }) => {
    const version = uniqueVersion();
    await rewriteActionOrigin(page, `/p/${DEMO_PROJECT}/releases/new`, undefined);
    await submitNewRelease(page, version);
    await expect(page.getByText(CROSS_ORIGIN_MESSAGE)).toBeVisible();
    await expect(page).toHaveURL(/\/releases\/new$/);
    expect(await releaseCount(page, version)).toBe(0);

    // The same form from the page itself still works.
    await page.unrouteAll();
    await submitNewRelease(page, version);
    await expect(page.getByRole("heading", { level: 1, name: `Release ${version}` })).toBeVisible({ timeout: 15_000 });
    expect(await releaseCount(page, version)).toBe(1);
  });
});

test.describe("sign-in from another origin", () => {
  test("without an Origin the sign-in action refuses and does not sign in", async ({ page }) => {
    await rewriteActionOrigin(page, "/sign-in", undefined);
    await page.goto("/sign-in");
    await page.getByRole("textbox", { name: "Email" }).fill(DEMO.member);
    await page.getByLabel("Password").fill(demoPassword());
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText(CROSS_ORIGIN_MESSAGE)).toBeVisible();
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("authjs.session-token");

    await page.unrouteAll();
    await page.getByLabel("Password").fill(demoPassword());
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(welcomeHeading(page)).toBeVisible();
  });
});

test.describe("private caching", () => {
  test.use({ signedInAs: "member" });

  test("every signed-in page and API answer says Cache-Control: no-store; Next's hashed assets stay cacheable", async ({ page }) => {
    const list = await page.request.get(`/api/v1/projects/${DEMO_PROJECT}/releases`);
    expect(list.status()).toBe(200);
    const { releases } = (await list.json()) as { releases: { id: string }[] };
    expect(releases.length, "the e2e database has releases").toBeGreaterThan(0);
    const releaseId = releases[0]!.id;
    const paths = ["/api/v1/me", `/api/v1/projects/${DEMO_PROJECT}/releases`, `/api/v1/projects/${DEMO_PROJECT}/releases/${releaseId}`, `/api/v1/projects/${DEMO_PROJECT}/releases/${releaseId}/items`, "/", `/p/${DEMO_PROJECT}/releases`, `/p/${DEMO_PROJECT}/releases/${releaseId}`, "/profile", `/p/${DEMO_PROJECT}/templates`];
    for (const path of paths) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()["cache-control"], path).toMatch(/\bno-store\b/);
    }
    // Refusals are private too (they say whether something exists).
    const missing = await page.request.get(`/api/v1/projects/${DEMO_PROJECT}/releases/00000000-0000-4000-8000-000000000000`);
    expect(missing.status()).toBe(404);
    expect(missing.headers()["cache-control"]).toMatch(/\bno-store\b/);

    const html = await (await page.request.get(`/p/${DEMO_PROJECT}/releases`)).text();
    const asset = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset, "a Next.js script on the page").toBeTruthy();
    const script = await page.request.get(asset!);
    expect(script.status()).toBe(200);
    expect(script.headers()["cache-control"]).not.toMatch(/no-store/);
  });
});
