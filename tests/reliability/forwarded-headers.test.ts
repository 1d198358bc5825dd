import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { freePort } from "../../lib/db/embedded";
import { type AppInstance, randomAuthSecret, startAppInstance } from "../support/app-server";
import { setupTestDatabase } from "../support/database";
import { createTestUser } from "../support/users";
import { actionId, callAction } from "./support/http-actions";

/**
 * X-Forwarded-For/-Host/-Proto through the production server, with and
 * without COUNTERSIGN_TRUSTED_PROXIES (ADR 017): unset, a client's forged
 * headers change neither its address (sign-in limit, audit trail) nor the
 * origin and HSTS decisions; with loopback trusted, the proxy's headers count.
 */
const ADDRESS_LIMIT = 3;
const LOCKED = "Too many failed sign-in attempts";
const WRONG = "Email or password is incorrect.";

const context = setupTestDatabase();

const signIn = (url: string, email: string, password: string, headers: Record<string, string> = {}) =>
  callAction({ url, page: "/sign-in", id: actionId("app/sign-in/actions.ts", "signInAction"), fields: { email, password, callbackUrl: "/" }, headers });

const signedIn = (response: Response) => response.headers.getSetCookie().some((line) => /authjs\.session-token=/.test(line));

async function failedSignInAddresses(emails: string[]): Promise<string[]> {
  const events = await db.auditEvent.findMany({ where: { type: "auth.sign_in_failed" }, select: { origin: true, data: true } });
  return events.filter((event) => emails.includes((event.data as { email: string }).email)).map((event) => (event.origin as { address: string }).address);
}

const throttleKeys = async () => (await db.signInThrottle.findMany({ select: { key: true } })).map((row) => row.key).filter((key) => key.startsWith("address:"));

const unique = () => Math.random().toString(36).slice(2, 10);

beforeEach(async () => {
  await db.signInThrottle.deleteMany({});
});

describe("COUNTERSIGN_TRUSTED_PROXIES unset: forwarded headers from a client count for nothing", () => {
  let app: AppInstance;
  beforeAll(async () => {
    app = await startAppInstance({ port: await freePort(), databaseUrl: context.database.appUrl, authSecret: randomAuthSecret(), env: { COUNTERSIGN_SIGNIN_ADDRESS_LIMIT: String(ADDRESS_LIMIT) } });
  }, 180_000);
  afterAll(async () => app?.stop());

  it("a forged X-Forwarded-For neither escapes the per-address limit, nor locks the forged address, nor reaches the audit trail", { timeout: 60_000 }, async () => {
    const user = await createTestUser();
    const emails = Array.from({ length: ADDRESS_LIMIT }, () => `nobody-${unique()}@example.com`);
    for (const [index, email] of emails.entries()) {
      const response = await signIn(app.url, email, "wrong-password-1", { "x-forwarded-for": `203.0.113.${index + 1}`, "x-real-ip": `198.51.100.${index + 1}` });
      expect(await response.text()).toContain(WRONG);
    }
    // The address (127.0.0.1) is locked: a new forged address and the right password do not help.
    const locked = await signIn(app.url, user.email, user.password, { "x-forwarded-for": "203.0.113.200" });
    expect(signedIn(locked)).toBe(false);
    expect(await locked.text()).toContain(LOCKED);

    expect(await failedSignInAddresses(emails)).toEqual(emails.map(() => "127.0.0.1"));
    expect(await throttleKeys()).toEqual(["address:127.0.0.1"]);
  });

  it("a forged X-Forwarded-Proto/-Host neither makes a foreign Origin pass nor turns on HSTS", { timeout: 60_000 }, async () => {
    const host = new URL(app.url).host;
    const forgeries: [string, Record<string, string>][] = [
      ["https://evil.example", { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }],
      [`https://${host}`, { "x-forwarded-proto": "https" }],
      ["http://evil.example", { "x-forwarded-host": "evil.example" }],
      ["https://evil.example", { forwarded: "host=evil.example;proto=https" }],
    ];
    for (const [origin, headers] of forgeries) {
      const response = await signIn(app.url, "nobody@example.com", "whatever-123", { origin, ...headers });
      expect(response.status, `${origin} ${JSON.stringify(headers)}`).toBe(403);
    }
    const page = await fetch(`${app.url}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("strict-transport-security")).toBeNull();
    expect(page.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
  });
});

describe("COUNTERSIGN_TRUSTED_PROXIES=127.0.0.1/32: the proxy's forwarded headers count", () => {
  let app: AppInstance;
  beforeAll(async () => {
    app = await startAppInstance({
      port: await freePort(),
      databaseUrl: context.database.appUrl,
      authSecret: randomAuthSecret(),
      env: { COUNTERSIGN_SIGNIN_ADDRESS_LIMIT: String(ADDRESS_LIMIT), COUNTERSIGN_TRUSTED_PROXIES: "127.0.0.1/32" },
    });
  }, 180_000);
  afterAll(async () => app?.stop());

  it("the right-most untrusted X-Forwarded-For hop is the client: audited and limited per address", { timeout: 60_000 }, async () => {
    const emails = Array.from({ length: ADDRESS_LIMIT }, () => `nobody-${unique()}@example.com`);
    // The client wrote 198.51.100.9 itself; the proxy appended the address it saw.
    for (const email of emails) expect(await (await signIn(app.url, email, "wrong-password-1", { "x-forwarded-for": "198.51.100.9, 203.0.113.50" })).text()).toContain(WRONG);
    expect(await failedSignInAddresses(emails)).toEqual(emails.map(() => "203.0.113.50"));
    expect(await throttleKeys()).toEqual(["address:203.0.113.50"]);

    const user = await createTestUser();
    const locked = await signIn(app.url, user.email, user.password, { "x-forwarded-for": "203.0.113.50" });
    expect(await locked.text()).toContain(LOCKED);
    // Another client behind the same proxy is not locked out.
    const other = await signIn(app.url, user.email, user.password, { "x-forwarded-for": "203.0.113.51" });
    expect(signedIn(other), await other.clone().text()).toBe(true);
  });

  it("X-Forwarded-Proto/-Host from the proxy decide the origin and HSTS", { timeout: 60_000 }, async () => {
    const proxied = { "x-forwarded-host": "app.example", "x-forwarded-proto": "https" };
    const same = await signIn(app.url, "nobody@example.com", "whatever-123", { origin: "https://app.example", ...proxied });
    expect(same.status).toBe(200);
    expect(await same.text()).toContain(WRONG);
    const foreign = await signIn(app.url, "nobody@example.com", "whatever-123", { origin: "https://evil.example", ...proxied });
    expect(foreign.status).toBe(403);

    const page = await fetch(`${app.url}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(page.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });
});
