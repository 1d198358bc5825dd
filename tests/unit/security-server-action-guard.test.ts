import { describe, expect, it } from "vitest";
import { CROSS_ORIGIN_MESSAGE } from "../../lib/security/same-origin";
import { isServerActionRequest, serverActionRefusal } from "../../lib/security/server-action-guard";

const HOST = "127.0.0.1:3000";
const request = (headers: Record<string, string>) => new Headers({ host: HOST, origin: `http://${HOST}`, "content-length": "120", ...headers });

describe("which requests are server actions", () => {
  it("is a POST with next-action, or any POST to a page; not the API's route handlers or GETs", () => {
    expect(isServerActionRequest("POST", "/releases/x", new Headers({ "next-action": "abc" }))).toBe(true);
    expect(isServerActionRequest("POST", "/templates/import", new Headers())).toBe(true);
    expect(isServerActionRequest("POST", "/api/v1/releases", new Headers())).toBe(false);
    expect(isServerActionRequest("POST", "/api/v1/releases", new Headers({ "next-action": "abc" }))).toBe(true);
    expect(isServerActionRequest("GET", "/releases", new Headers({ "next-action": "abc" }))).toBe(false);
  });
});

describe("serverActionRefusal", () => {
  it("lets a same-origin request with a body within the limit through, and one without an Origin (the action refuses it in the page)", () => {
    expect(serverActionRefusal(request({}))).toBeNull();
    const withoutOrigin = request({});
    withoutOrigin.delete("origin");
    expect(serverActionRefusal(withoutOrigin)).toBeNull();
    expect(serverActionRefusal(request({ "content-length": String(2 * 1024 * 1024) }))).toBeNull();
  });

  it.each([
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["a null Origin", { origin: "null" }],
    ["an https Origin on an http request", { origin: `https://${HOST}` }],
  ])("answers %s with 403 and the app's error shape", async (_name, headers) => {
    const response = serverActionRefusal(request(headers))!;
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "FORBIDDEN", message: CROSS_ORIGIN_MESSAGE } });
  });

  it("answers a body over 2 MB with 413, and one of unknown length with 411", async () => {
    const tooLarge = serverActionRefusal(request({ "content-length": String(2 * 1024 * 1024 + 1) }))!;
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ error: { code: "PAYLOAD_TOO_LARGE", message: "The request is larger than 2 MB; nothing was changed." } });
    const headers = request({});
    headers.delete("content-length");
    expect(serverActionRefusal(headers)?.status).toBe(411);
    expect(serverActionRefusal(request({ "content-length": "12abc" }))?.status).toBe(411);
  });
});
