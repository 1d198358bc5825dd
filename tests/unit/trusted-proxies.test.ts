import { describe, expect, it } from "vitest";
import { readSettings } from "../../lib/config/settings";
import { isTrustedProxy, normaliseForwardedHeaders, parseTrustedProxies, resolveClientAddress } from "../../lib/security/trusted-proxies.mjs";

const env = (extra: Record<string, string>) => ({ NODE_ENV: "test", ...extra }) as NodeJS.ProcessEnv;

describe("COUNTERSIGN_TRUSTED_PROXIES", () => {
  it("trusts nothing when unset or empty", () => {
    for (const value of [undefined, "", "  "]) {
      const trusted = parseTrustedProxies(value);
      expect(isTrustedProxy(trusted, "127.0.0.1")).toBe(false);
      expect(isTrustedProxy(trusted, "::1")).toBe(false);
    }
  });

  it("matches IPv4 and IPv6 CIDRs, single addresses, and IPv4-mapped IPv6 socket addresses", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 127.0.0.1/32 fd00::/8\n192.168.1.5");
    expect(isTrustedProxy(trusted, "10.200.3.4")).toBe(true);
    expect(isTrustedProxy(trusted, "11.0.0.1")).toBe(false);
    expect(isTrustedProxy(trusted, "127.0.0.1")).toBe(true);
    expect(isTrustedProxy(trusted, "127.0.0.2")).toBe(false);
    expect(isTrustedProxy(trusted, "::ffff:127.0.0.1")).toBe(true);
    expect(isTrustedProxy(trusted, "::FFFF:10.1.1.1")).toBe(true);
    expect(isTrustedProxy(trusted, "fd12:3456::1")).toBe(true);
    expect(isTrustedProxy(trusted, "fe80::1")).toBe(false);
    expect(isTrustedProxy(trusted, "192.168.1.5")).toBe(true);
    expect(isTrustedProxy(trusted, "192.168.1.6")).toBe(false);
    expect(isTrustedProxy(trusted, "not an address")).toBe(false);
    expect(isTrustedProxy(trusted, undefined)).toBe(false);
  });

  it("refuses a value that is not a list of CIDRs, in one line naming the setting", () => {
    for (const value of ["10.0.0.0/33", "fd00::/129", "localhost", "10.0.0/8", "10.0.0.0/", "10.0.0.0/8/8", "*"]) {
      expect(() => readSettings(env({ COUNTERSIGN_TRUSTED_PROXIES: value }))).toThrow(/^COUNTERSIGN_TRUSTED_PROXIES expects a list of CIDRs such as 10\.0\.0\.0\/8[^\n]*$/);
    }
    expect(readSettings(env({ COUNTERSIGN_TRUSTED_PROXIES: "10.0.0.0/8, ::1/128" })).COUNTERSIGN_TRUSTED_PROXIES).toBe("10.0.0.0/8, ::1/128");
  });
});

describe("the client address", () => {
  const none = parseTrustedProxies(undefined);
  const loopback = parseTrustedProxies("127.0.0.1/32, 10.0.0.0/8");

  it("is the socket's when the socket is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress(none, "127.0.0.1", "203.0.113.9")).toBe("127.0.0.1");
    expect(resolveClientAddress(none, "::ffff:127.0.0.1", "203.0.113.9")).toBe("127.0.0.1");
    expect(resolveClientAddress(loopback, "198.51.100.4", "127.0.0.1, 10.0.0.1")).toBe("198.51.100.4");
  });

  it("is the right-most hop that is not a trusted proxy when the socket is one", () => {
    expect(resolveClientAddress(loopback, "127.0.0.1", "203.0.113.9")).toBe("203.0.113.9");
    // The left-most hop is whatever the client wrote: only the hops the proxies appended count.
    expect(resolveClientAddress(loopback, "127.0.0.1", "198.51.100.1, 203.0.113.9")).toBe("203.0.113.9");
    expect(resolveClientAddress(loopback, "127.0.0.1", "198.51.100.1, 203.0.113.9, 10.1.2.3")).toBe("203.0.113.9");
    expect(resolveClientAddress(loopback, "127.0.0.1", ["198.51.100.1", "203.0.113.9, 10.1.2.3"])).toBe("203.0.113.9");
    expect(resolveClientAddress(loopback, "127.0.0.1", "2001:db8::7")).toBe("2001:db8::7");
    // Every hop a proxy: the left-most one.
    expect(resolveClientAddress(loopback, "127.0.0.1", "10.9.9.9, 10.1.2.3")).toBe("10.9.9.9");
    // No header: the proxy itself.
    expect(resolveClientAddress(loopback, "127.0.0.1", undefined)).toBe("127.0.0.1");
    // A hop that is not an address ends the walk at the last trusted hop.
    expect(resolveClientAddress(loopback, "127.0.0.1", "203.0.113.9, <script>, 10.1.2.3")).toBe("10.1.2.3");
    expect(resolveClientAddress(loopback, "127.0.0.1", "evil")).toBe("127.0.0.1");
  });
});

describe("rewriting a request's headers", () => {
  const request = (headers: Record<string, string>) => ({
    headers: { ...headers } as Record<string, string | string[] | undefined>,
    rawHeaders: Object.entries(headers).flat(),
  });
  const forged = { host: "app.example", "x-forwarded-for": "203.0.113.9", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-port": "443", "x-real-ip": "203.0.113.8", forwarded: "for=203.0.113.7", "user-agent": "ua" };

  it("drops every forwarded header from an untrusted socket and records the socket's address", () => {
    const req = request(forged);
    normaliseForwardedHeaders(parseTrustedProxies(undefined), req, "::ffff:127.0.0.1");
    expect(req.headers).toEqual({ host: "app.example", "user-agent": "ua", "x-forwarded-for": "127.0.0.1" });
    expect(req.rawHeaders).toEqual(["host", "app.example", "user-agent", "ua", "X-Forwarded-For", "127.0.0.1"]);
  });

  it("keeps X-Forwarded-Host/-Proto from a trusted proxy and reduces X-Forwarded-For to the client", () => {
    const req = request({ ...forged, "x-forwarded-for": "198.51.100.1, 203.0.113.9" });
    normaliseForwardedHeaders(parseTrustedProxies("127.0.0.1/32"), req, "127.0.0.1");
    expect(req.headers).toEqual({ host: "app.example", "user-agent": "ua", "x-forwarded-for": "203.0.113.9", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-port": "443" });
  });
});
