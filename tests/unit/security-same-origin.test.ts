import { describe, expect, it } from "vitest";
import { isSameOrigin } from "../../lib/security/same-origin";

const check = (headers: Record<string, string>) => isSameOrigin(new Headers(headers));

describe("isSameOrigin", () => {
  it("accepts an Origin naming the host the request was sent to", () => {
    expect(check({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" })).toBe(true);
    expect(check({ origin: "https://countersign.example", host: "countersign.example", "x-forwarded-proto": "https" })).toBe(true);
    expect(check({ origin: "https://countersign.example:443", host: "countersign.example", "x-forwarded-proto": "https" })).toBe(true);
    expect(check({ origin: "https://countersign.example", host: "countersign.example:443", "x-forwarded-proto": "https" })).toBe(true);
    expect(check({ origin: "https://Countersign.Example", host: "COUNTERSIGN.example", "x-forwarded-proto": "HTTPS" })).toBe(true);
    expect(check({ origin: "http://countersign.example", host: "countersign.example:80" })).toBe(true);
  });

  it("compares the scheme and the port too, not only the host name", () => {
    // An https Origin on a plain-http request (no x-forwarded-proto, or http): a different origin.
    expect(check({ origin: "https://127.0.0.1:3000", host: "127.0.0.1:3000" })).toBe(false);
    expect(check({ origin: "https://127.0.0.1:3000", host: "127.0.0.1:3000", "x-forwarded-proto": "http" })).toBe(false);
    expect(check({ origin: "http://countersign.example", host: "countersign.example", "x-forwarded-proto": "https" })).toBe(false);
    expect(check({ origin: "https://countersign.example:8443", host: "countersign.example", "x-forwarded-proto": "https" })).toBe(false);
    expect(check({ origin: "http://countersign.example:80", host: "countersign.example:8080" })).toBe(false);
    expect(check({ origin: "ftp://countersign.example", host: "countersign.example", "x-forwarded-proto": "ftp" })).toBe(false);
  });

  it("prefers x-forwarded-host (the first one) behind a reverse proxy", () => {
    const proxied = { host: "10.0.0.5:3000", "x-forwarded-proto": "https" };
    expect(check({ origin: "https://app.example", ...proxied, "x-forwarded-host": "app.example" })).toBe(true);
    expect(check({ origin: "https://app.example", ...proxied, "x-forwarded-host": "app.example, proxy.internal" })).toBe(true);
    expect(check({ origin: "https://app.example", ...proxied, "x-forwarded-proto": "https, http", "x-forwarded-host": "app.example" })).toBe(true);
    expect(check({ origin: "https://app.example", host: "app.example", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" })).toBe(false);
  });

  it("refuses foreign, null, missing and malformed origins", () => {
    expect(check({ origin: "https://evil.example", host: "countersign.example" })).toBe(false);
    expect(check({ origin: "https://countersign.example.evil.example", host: "countersign.example" })).toBe(false);
    expect(check({ origin: "http://127.0.0.1:3001", host: "127.0.0.1:3000" })).toBe(false);
    expect(check({ origin: "null", host: "countersign.example" })).toBe(false);
    expect(check({ host: "countersign.example" })).toBe(false);
    expect(check({ origin: "", host: "countersign.example" })).toBe(false);
    expect(check({ origin: "countersign.example", host: "countersign.example" })).toBe(false);
    expect(check({ origin: "https://countersign.example" })).toBe(false);
    expect(check({ origin: "http://a.example", host: "a.example/path" })).toBe(false);
    expect(check({ origin: "http://a.example", host: "user@a.example" })).toBe(false);
  });
});
