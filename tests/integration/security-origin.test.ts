import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { formAction } from "../../app/_lib/form-action";
import { validatedAction } from "../../lib/auth/action";
import { loadActiveUser, type SessionUser } from "../../lib/auth/session-user";
import { db } from "../../lib/db/client";
import { createRelease } from "../../lib/releases/create-release";
import { createReleaseSchema } from "../../lib/releases/release.schema";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { CROSS_ORIGIN_MESSAGE } from "../../lib/security/same-origin";
import { createToken } from "../../lib/tokens/tokens";
import { setupTestDatabase } from "../support/database";
import { importReferenceTemplate, randomVersion } from "../support/releases";
import { createTestUser, testContext } from "../support/users";

/**
 * Cross-origin requests against the real wrappers and a real use case
 * (creating a release) on a real database: a foreign, `null` or missing
 * Origin is refused and writes nothing, for server actions (validatedAction)
 * and for JSON API mutations made with the session cookie; a bearer token
 * needs no Origin.
 */

// What Next.js and Auth.js would provide at run time: the request's headers and the session's user.
const request = vi.hoisted(() => ({ headers: new Headers(), user: null as unknown }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("../../lib/auth/current-user", () => ({ getCurrentUser: async () => request.user }));

const { POST } = await import("../../app/api/v1/projects/[key]/releases/route");

setupTestDatabase();

const HOST = "countersign.example.test";
let templateId: string;
let member: SessionUser;

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  templateId = await importReferenceTemplate();
  const user = await createTestUser();
  member = (await loadActiveUser(user.id))!;
});

beforeEach(() => {
  request.user = member;
});

const releasesOf = (version: string) => db.release.count({ where: { version } });

// Called as a form's action, through the same adapter the app's actions use.
const createAction = formAction(
  validatedAction({ permission: "release:create", schema: createReleaseSchema }, async (input, context) => {
    const created = await createRelease(context, input);
    return { message: `Created ${created.version}.`, data: { id: created.id } };
  }),
);

function releaseForm(version: string): FormData {
  const form = new FormData();
  form.set("templateId", templateId);
  form.set("environment", "staging");
  form.set("version", version);
  return form;
}

const ORIGINS: [string, Record<string, string>][] = [
  ["a foreign Origin", { origin: "https://evil.example", host: HOST }],
  ["a foreign Origin behind a proxy", { origin: `https://${HOST}`, host: "internal:3000", "x-forwarded-host": "other.example" }],
  ["a null Origin", { origin: "null", host: HOST }],
  ["no Origin", { host: HOST }],
  ["an Origin that is not a URL", { origin: "not a url", host: HOST }],
  ["an https Origin on a plain-http request", { origin: `https://${HOST}`, host: HOST }],
];

describe("server actions (validatedAction)", () => {
  it.each(ORIGINS)("refuses %s and writes nothing", async (_label, headers) => {
    request.headers = new Headers(headers);
    const version = randomVersion();
    const state = await createAction({ status: "idle" }, releaseForm(version));
    expect(state).toMatchObject({ status: "error", message: CROSS_ORIGIN_MESSAGE });
    expect(await releasesOf(version)).toBe(0);
  });

  it("runs for the request's own origin, directly and behind a proxy", async () => {
    const sameOrigin: Record<string, string>[] = [
      { origin: `https://${HOST}`, host: HOST, "x-forwarded-proto": "https" },
      { origin: `https://${HOST}`, host: "127.0.0.1:3000", "x-forwarded-host": HOST, "x-forwarded-proto": "https" },
    ];
    for (const headers of sameOrigin) {
      request.headers = new Headers(headers);
      const version = randomVersion();
      const state = await createAction({ status: "idle" }, releaseForm(version));
      expect(state).toMatchObject({ status: "success", message: `Created ${version}.` });
      expect(await releasesOf(version)).toBe(1);
    }
  });

  it("checks the origin before anything else, even for a signed-out caller", async () => {
    request.user = null;
    request.headers = new Headers({ origin: "https://evil.example", host: HOST });
    const state = await createAction({ status: "idle" }, releaseForm(randomVersion()));
    expect(state).toMatchObject({ status: "error", message: CROSS_ORIGIN_MESSAGE });
  });
});

describe("JSON API mutations with the session cookie", () => {
  const post = (version: string, headers: Record<string, string>) =>
    POST(
      new Request(`http://${HOST}/api/v1/projects/default/releases`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ templateId, environment: "staging", version }),
      }),
      { params: Promise.resolve({ key: "default" }) },
    );

  it.each(ORIGINS)("answer 403 to %s and write nothing", async (_label, headers) => {
    const version = randomVersion();
    const response = await post(version, headers);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "FORBIDDEN", message: "Cross-origin requests need an API token." } });
    expect(await releasesOf(version)).toBe(0);
  });

  it("are allowed from the request's own origin", async () => {
    const version = randomVersion();
    const response = await post(version, { origin: `http://${HOST}`, host: HOST });
    expect(response.status, await response.clone().text()).toBe(201);
    expect(await releasesOf(version)).toBe(1);
  });

  it("are allowed with a bearer token whatever the Origin (a token is not sent by browsers on their own)", async () => {
    request.user = null; // no session: the token alone authenticates
    const { token } = await createToken(testContext(member.id), member.id, { name: "CI" });
    const origins: Record<string, string>[] = [{}, { origin: "https://ci.example" }, { origin: "null" }];
    for (const headers of origins) {
      const version = randomVersion();
      const response = await post(version, { host: HOST, authorization: `Bearer ${token}`, ...headers });
      expect(response.status, await response.clone().text()).toBe(201);
      expect(await releasesOf(version)).toBe(1);
    }
  });
});
