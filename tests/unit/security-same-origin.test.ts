import { describe, expect, it } from "vitest";
import { isSameOrigin } from "../../lib/security/same-origin";

const check = (headers: Record<string, string>) => isSameOrigin(new Headers(headers));

describe("isSameOrigin", () => {
  it("accepts an Origin naming the host the request was sent to", () => {
    expect(check({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" })).toBe(true);
    expect(check({ origin: "https://countersign.example", host: "countersign.example" })).toBe(true);
    expect(check({ origin: "https://countersign.example:443", host: "countersign.example" })).toBe(true);
    expect(check({ origin: "https://Countersign.Example", host: "COUNTERSIGN.example" })).toBe(true);
  });

  it("prefers x-forwarded-host (the first one) behind a reverse proxy", () => {
    expect(check({ origin: "https://app.example", host: "10.0.0.5:3000", "x-forwarded-host": "app.example" })).toBe(true);
    expect(check({ origin: "https://app.example", host: "10.0.0.5:3000", "x-forwarded-host": "app.example, proxy.internal" })).toBe(true);
    expect(check({ origin: "https://app.example", host: "app.example", "x-forwarded-host": "evil.example" })).toBe(false);
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
  });
});
