import { describe, expect, it } from "vitest";
import { requestIdFrom } from "../../lib/security/request-id";
import { contentSecurityPolicy, isHttpsRequest, newNonce } from "../../lib/security/response-headers";

const directives = (policy: string) => new Map(policy.split("; ").map((part) => [part.split(" ")[0], part.split(" ").slice(1)]));

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce, never inline, and forbids framing, plugins and foreign forms", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc123==", https: false }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("upgrades insecure requests only over HTTPS, and allows eval only in development", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", https: true })).has("upgrade-insecure-requests")).toBe(true);
    expect(directives(contentSecurityPolicy({ nonce: "n", https: false, development: true })).get("script-src")).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: "n", https: true })).not.toContain("unsafe-eval");
  });
});

describe("newNonce", () => {
  it("is 16 random bytes in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => newNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("isHttpsRequest", () => {
  it("is true for an https URL or x-forwarded-proto https, else false", () => {
    expect(isHttpsRequest(new URL("https://a.example/"), new Headers())).toBe(true);
    expect(isHttpsRequest(new URL("http://a.example/"), new Headers({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(isHttpsRequest(new URL("http://a.example/"), new Headers({ "x-forwarded-proto": "HTTPS, http" }))).toBe(true);
    expect(isHttpsRequest(new URL("http://a.example/"), new Headers({ "x-forwarded-proto": "http" }))).toBe(false);
    expect(isHttpsRequest(new URL("http://a.example/"), new Headers())).toBe(false);
  });
});

describe("requestIdFrom", () => {
  it("keeps a safe incoming id", () => {
    for (const id of ["abc", "0f8fad5b-d9cb-469f-a165-70867728950e", "trace:1.2_3-4", "x".repeat(128)]) expect(requestIdFrom(id)).toBe(id);
  });

  it("replaces a missing, empty, too long or unsafe one with a new UUID", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const id of [null, undefined, "", "x".repeat(129), "a b", "id\r\nSet-Cookie: x=1", "<script>", "ünïcode"]) {
      expect(requestIdFrom(id)).toMatch(uuid);
    }
    expect(requestIdFrom(null)).not.toBe(requestIdFrom(null));
  });
});
