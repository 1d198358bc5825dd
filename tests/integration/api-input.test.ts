import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db/client";
import { createRelease } from "../../lib/releases/create-release";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { createToken } from "../../lib/tokens/tokens";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, SMALL_CHECKLIST, writeCounts } from "../support/releases";
import { createTestUser, testContext } from "../support/users";

/**
 * The JSON API's route handlers, called with a member's bearer token on a real
 * database: who may be assigned an item is the release page's rule
 * (lib/users/list-assignable-users.ts), and ids and numbers PostgreSQL could
 * not take are refused by the shared parser (lib/http/parse-id.ts) as 404/400
 * naming the field, never a 500, with nothing written.
 */
// Bearer tokens only: no browser session (Auth.js needs Next's runtime).
vi.mock("../../lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

const { POST: createReleaseRoute } = await import("../../app/api/v1/projects/[key]/releases/route");
const { PATCH: patchItem, GET: getItem } = await import("../../app/api/v1/projects/[key]/releases/[id]/items/[itemKey]/route");
const { GET: getReleaseRoute } = await import("../../app/api/v1/projects/[key]/releases/[id]/route");
const { GET: releaseEvents } = await import("../../app/api/releases/[id]/events/route");
const { GET: exportTemplate } = await import("../../app/(app)/p/[key]/templates/[id]/export/route");
const { GET: exportRelease } = await import("../../app/(app)/p/[key]/releases/[id]/export/route");
const { GET: bundle } = await import("../../app/(app)/archive/[id]/bundle/route");

setupTestDatabase();

const BASE = "http://localhost";
let token: string;
let adminToken: string;
let templateId: string;
/** The key of the template's project: the browser's download routes are under /p/<key>/. */
let projectKey: string;
let releaseId: string;
let itemKey: string;

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  templateId = await importMarkdownTemplate(SMALL_CHECKLIST, "Input");
  projectKey = (await db.template.findUniqueOrThrow({ where: { id: templateId }, select: { project: { select: { key: true } } } })).project.key;
  const member = await createTestUser({ appRole: "member" });
  const admin = await createTestUser({ appRole: "admin" });
  token = (await createToken(testContext(member.id), member.id, { name: "input" })).token;
  adminToken = (await createToken(testContext(admin.id), admin.id, { name: "input" })).token;
  releaseId = (await createRelease(testContext(member.id), { templateId, version: randomVersion(), environment: "staging" })).id;
  itemKey = (await db.itemState.findFirstOrThrow({ where: { releaseId }, orderBy: { position: "asc" } })).itemKey;
});

const json = (method: string, path: string, body: unknown, bearer = token) =>
  new Request(`${BASE}${path}`, { method, headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" }, body: JSON.stringify(body) });
const get = (path: string, bearer = token) => new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
const params = <P extends Record<string, string>>(value: P) => ({ params: Promise.resolve(value) });

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string; fields?: Record<string, string[]> }> {
  const body = (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string[]> } };
  return { status: response.status, ...body.error };
}

describe("who may be assigned an item, through the API", () => {
  it("refuses an active auditor with a message naming assigneeId, and writes nothing", async () => {
    const auditor = await createTestUser({ appRole: "auditor", name: "Audrey Auditor" });
    const before = await writeCounts();
    const itemBefore = await db.itemState.findUniqueOrThrow({ where: { releaseId_itemKey: { releaseId, itemKey } } });
    const response = await patchItem(json("PATCH", `/api/v1/projects/default/releases/${releaseId}/items/${itemKey}`, { status: "open", assigneeId: auditor.id }), params({ key: "default", id: releaseId, itemKey }));
    const refusal = await errorOf(response);
    expect(refusal).toMatchObject({ status: 400, code: "BAD_REQUEST", message: "Audrey Auditor cannot be assigned items." });
    expect(refusal.fields?.assigneeId?.[0]).toMatch(/not auditors/);
    expect(await writeCounts()).toEqual(before);
    expect(await db.itemState.findUniqueOrThrow({ where: { releaseId_itemKey: { releaseId, itemKey } } })).toEqual(itemBefore);
  });

  it("assigns an active member (the same rule's other side)", async () => {
    const member = await createTestUser({ appRole: "member", name: "Mia Member" });
    const response = await patchItem(json("PATCH", `/api/v1/projects/default/releases/${releaseId}/items/${itemKey}`, { status: "open", assigneeId: member.id }), params({ key: "default", id: releaseId, itemKey }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { item: { assigneeId: string } }).item.assigneeId).toBe(member.id);
  });
});

/** 36 characters the old check (`/^[0-9a-f-]{36}$/`) let through to PostgreSQL. */
const LOOKALIKE_IDS = ["-".repeat(36), "a".repeat(36), "0123456789abcdef0123456789abcdef----"];

describe("malformed ids and out-of-range numbers", () => {
  it.each(LOOKALIKE_IDS)("a 36-character id that is not a UUID (%s) is 404 on every route that takes one", async (id) => {
    const responses = [
      await getReleaseRoute(get(`/api/v1/projects/default/releases/${id}`), params({ key: "default", id })),
      await getItem(get(`/api/v1/projects/default/releases/${id}/items/${itemKey}`), params({ key: "default", id, itemKey })),
      await releaseEvents(get(`/api/releases/${id}/events`), params({ id })),
      await exportRelease(get(`/p/${projectKey}/releases/${id}/export`, adminToken), params({ key: projectKey, id })),
      await bundle(get(`/archive/${id}/bundle`, adminToken), params({ id })),
      await exportTemplate(get(`/p/${projectKey}/templates/${id}/export`, adminToken), params({ key: projectKey, id })),
    ];
    expect(responses.map((response) => response.status)).toEqual([404, 404, 404, 404, 404, 404]);
  });

  it("templateVersion 99999999999 in POST /api/v1/projects/{key}/releases is 400 naming the field, and nothing is written", async () => {
    const before = await writeCounts();
    const response = await createReleaseRoute(
      json("POST", "/api/v1/projects/default/releases", { templateId, version: randomVersion(), environment: "staging", templateVersion: 99_999_999_999 }),
      params({ key: "default" }),
    );
    const refusal = await errorOf(response);
    expect(refusal).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(refusal.fields?.templateVersion).toEqual(["Template version must be at most 2,147,483,647."]);
    expect(await writeCounts()).toEqual(before);
  });

  it("expectedVersion beyond PostgreSQL's integer in PATCH is 400 naming the field", async () => {
    const response = await patchItem(json("PATCH", `/api/v1/projects/default/releases/${releaseId}/items/${itemKey}`, { status: "done", expectedVersion: 99_999_999_999 }), params({ key: "default", id: releaseId, itemKey }));
    const refusal = await errorOf(response);
    expect(refusal).toMatchObject({ status: 400 });
    expect(refusal.fields?.expectedVersion?.[0]).toMatch(/at most 2,147,483,647/);
  });

  it.each(["99999999999999999999", "2147483648", "0", "1.5", "abc"])("the template export's ?version=%s is 400 naming version", async (version) => {
    const response = await exportTemplate(get(`/p/${projectKey}/templates/${templateId}/export?version=${version}`, adminToken), params({ key: projectKey, id: templateId }));
    const refusal = await errorOf(response);
    expect(refusal.status).toBe(400);
    expect(Object.keys(refusal.fields ?? {})).toEqual(["version"]);
  });

  it("a version that fits but does not exist is 404", async () => {
    const response = await exportTemplate(get(`/p/${projectKey}/templates/${templateId}/export?version=2147483647`, adminToken), params({ key: projectKey, id: templateId }));
    expect(response.status).toBe(404);
  });
});
