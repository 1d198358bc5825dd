import { beforeAll, describe, expect, it, vi } from "vitest";
import { actorLabel } from "../../lib/audit/format-event";
import { actorSchema } from "../../lib/audit/actor";
import { releaseChain } from "../../lib/audit/append-event";
import { db } from "../../lib/db/client";
import { addProjectMember } from "../../lib/projects/add-project-member";
import { createProject } from "../../lib/projects/create-project";
import { createRelease } from "../../lib/releases/create-release";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { tokenRefusal } from "../../lib/tokens/token-scopes";
import { authenticateToken, createProjectToken, createToken, listProjectTokens, listTokens, revokeProjectToken } from "../../lib/tokens/tokens";
import { readChain } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, refusalOf, SMALL_CHECKLIST } from "../support/releases";
import { createTestUser, testContext, type TestUser } from "../support/users";

/**
 * API tokens scoped by name and by project (issue 11), through the one API
 * wrapper: a token is used only through its scopes and never signs off; a
 * token restricted to a project, or owned by one, finds nothing elsewhere
 * (404); a project token acts as no person: nothing records its id as a
 * user's, and the audit trail names the token and its project.
 */
// Bearer tokens only: no browser session (Auth.js needs Next's runtime).
vi.mock("../../lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

const { POST: createReleaseRoute } = await import("../../app/api/v1/projects/[key]/releases/route");
const { PATCH: patchItem } = await import("../../app/api/v1/projects/[key]/releases/[id]/items/[itemKey]/route");
const { GET: getReleaseRoute } = await import("../../app/api/v1/projects/[key]/releases/[id]/route");
const { GET: releaseEvents } = await import("../../app/api/releases/[id]/events/route");

setupTestDatabase();

const BASE = "http://localhost";
const admin = testContext();
const ALL = ["releases:read", "releases:write", "items:write"];

let projectA: { id: string; key: string };
let projectB: { id: string; key: string };
let templateA: string;
let templateB: string;
let releaseA: string;
let releaseB: string;
let maintainer: TestUser;
let contributor: TestUser;

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  projectA = await createProject(admin, { key: "alpha", name: "Alpha" });
  projectB = await createProject(admin, { key: "beta", name: "Beta" });
  templateA = await importMarkdownTemplate(SMALL_CHECKLIST, "A", projectA.id);
  templateB = await importMarkdownTemplate(SMALL_CHECKLIST, "B", projectB.id);
  releaseA = (await createRelease(admin, { templateId: templateA, version: randomVersion(), environment: "staging" })).id;
  releaseB = (await createRelease(admin, { templateId: templateB, version: randomVersion(), environment: "staging" })).id;
  maintainer = await createTestUser({ name: "Maya Maintainer" });
  contributor = await createTestUser({ name: "Carl Contributor" });
  await addProjectMember(admin, { project: "alpha", user: maintainer.email, role: "maintainer" });
  await addProjectMember(admin, { project: "alpha", user: contributor.email, role: "contributor" });
  await addProjectMember(admin, { project: "beta", user: contributor.email, role: "contributor" });
});

const params = <P extends Record<string, string>>(value: P) => ({ params: Promise.resolve(value) });
const json = (method: string, path: string, body: unknown, bearer: string) =>
  new Request(`${BASE}${path}`, { method, headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" }, body: JSON.stringify(body) });
const get = (path: string, bearer: string) => new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${bearer}` } });

async function firstItem(releaseId: string): Promise<string> {
  return (await db.itemState.findFirstOrThrow({ where: { releaseId }, orderBy: { position: "asc" } })).itemKey;
}
/** The project key a release belongs to, as a caller puts it in the path. */
async function keyOf(releaseId: string): Promise<string> {
  const release = await db.release.findUniqueOrThrow({ where: { id: releaseId }, select: { projectId: true } });
  return (await db.project.findUniqueOrThrow({ where: { id: release.projectId } })).key;
}
const readRelease = async (releaseId: string, bearer: string, key?: string) => {
  const project = key ?? (await keyOf(releaseId));
  return getReleaseRoute(get(`/api/v1/projects/${project}/releases/${releaseId}`, bearer), params({ key: project, id: releaseId }));
};
async function tickFirst(releaseId: string, bearer: string, key?: string): Promise<Response> {
  const itemKey = await firstItem(releaseId);
  const project = key ?? (await keyOf(releaseId));
  return patchItem(json("PATCH", `/api/v1/projects/${project}/releases/${releaseId}/items/${itemKey}`, { status: "done" }, bearer), params({ key: project, id: releaseId, itemKey }));
}
const postRelease = (key: string, body: unknown, bearer: string) => createReleaseRoute(json("POST", `/api/v1/projects/${key}/releases`, body, bearer), params({ key }));
async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string[]> } };
  return { status: response.status, ...body.error };
}

describe("creating tokens", () => {
  it("keeps the scopes named (in their canonical order) and all three when none is named", async () => {
    const { row } = await createToken(testContext(contributor.id), contributor.id, { name: "reader", scopes: ["items:write", "releases:read"] });
    expect(row.scopes).toEqual(["releases:read", "items:write"]);
    expect((await createToken(testContext(contributor.id), contributor.id, { name: "comma", scopes: " releases:write , releases:read" })).row.scopes).toEqual(["releases:read", "releases:write"]);
    expect((await createToken(testContext(contributor.id), contributor.id, { name: "all" })).row.scopes).toEqual(ALL);
    expect((await listTokens(contributor.id)).map((token) => token.name)).toEqual(expect.arrayContaining(["reader", "comma", "all"]));
  });

  it("refuses a scope that does not exist, naming the field scopes, writing nothing", async () => {
    const before = { tokens: await db.apiToken.count(), events: await db.auditEvent.count() };
    const refusal = await refusalOf(createToken(testContext(contributor.id), contributor.id, { name: "bad", scopes: ["releases:read", "signoffs:sign"] }));
    expect(refusal.code).toBe("BAD_REQUEST");
    expect(refusal.fields).toEqual({ scopes: ["Unknown scope: signoffs:sign. Choose from releases:read, releases:write, items:write."] });
    const markup = await refusalOf(createToken(testContext(contributor.id), contributor.id, { name: "bad", scopes: "<script>" }));
    expect(markup.fields).toEqual({ scopes: ["Unknown scope. Choose from releases:read, releases:write, items:write."] });
    expect({ tokens: await db.apiToken.count(), events: await db.auditEvent.count() }).toEqual(before);
  });

  it("restricts a personal token to a project of its owner, and refuses one they are not a member of (or that does not exist) alike, naming project", async () => {
    const { row } = await createToken(testContext(maintainer.id), maintainer.id, { name: "alpha only", project: "alpha" });
    expect(row.project).toEqual({ key: "alpha", name: "Alpha" });
    const before = await db.apiToken.count();
    for (const project of ["beta", "no-such-project"]) {
      const refusal = await refusalOf(createToken(testContext(maintainer.id), maintainer.id, { name: "elsewhere", project }));
      expect(refusal).toMatchObject({ code: "BAD_REQUEST", fields: { project: ["Not one of your projects."] } });
    }
    expect(await db.apiToken.count()).toBe(before);
  });

  it("makes a project token owned by the project (no user, made by the maintainer), refused to a contributor", async () => {
    const { token, row } = await createProjectToken(testContext(maintainer.id), maintainer.id, { name: "CI", project: "alpha", scopes: ["releases:read", "items:write"] });
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({ userId: null, createdById: maintainer.id, projectId: projectA.id, scopes: ["releases:read", "items:write"] });
    expect((await listProjectTokens(projectA.id)).find((entry) => entry.id === row.id)).toMatchObject({ name: "CI", project: { key: "alpha" }, createdBy: { name: "Maya Maintainer" } });
    const event = (await readChain()).findLast((entry) => entry.type === "token.created");
    expect(event).toMatchObject({ subject: { kind: "token", id: row.id, label: "CI of the project Alpha" }, data: { after: { name: "CI", owner: "project", project: "alpha", scopes: ["releases:read", "items:write"] } } });

    // Who it acts as: no person; a contributor of its project only, holding no sign-off role.
    const found = await authenticateToken(token);
    expect(found?.user).toEqual({
      id: row.id,
      email: "",
      name: "CI",
      appRole: "member",
      signoffRoles: [],
      projects: [{ id: projectA.id, key: "alpha", name: "Alpha", role: "contributor" }],
      auditorProjectIds: null,
      sessionVersion: 0,
      mustChangePassword: false,
    });
    expect(found?.token).toEqual({ id: row.id, name: "CI", scopes: ["releases:read", "items:write"], project: { id: projectA.id, key: "alpha", name: "Alpha" }, kind: "project" });

    const before = await db.apiToken.count();
    expect((await refusalOf(createProjectToken(testContext(contributor.id), contributor.id, { name: "CI", project: "alpha" }))).code).toBe("FORBIDDEN");
    expect((await refusalOf(createProjectToken(testContext(maintainer.id), maintainer.id, { name: "CI", project: "beta" }))).code).toBe("NOT_FOUND");
    expect(await db.apiToken.count()).toBe(before);
  });
});

describe("using tokens through the API wrapper", () => {
  it("uses a token only through its scopes", async () => {
    const reader = (await createToken(testContext(contributor.id), contributor.id, { name: "read", scopes: ["releases:read"] })).token;
    const ticker = (await createToken(testContext(contributor.id), contributor.id, { name: "tick", scopes: ["items:write"] })).token;
    expect((await readRelease(releaseA, reader)).status).toBe(200);
    expect(await errorOf(await tickFirst(releaseA, reader))).toMatchObject({ status: 403, message: "This token does not have the scope items:write." });
    const create = await postRelease("alpha", { templateId: templateA, version: randomVersion(), environment: "staging" }, reader);
    expect(await errorOf(create)).toMatchObject({ status: 403, message: "This token does not have the scope releases:write." });
    expect(await errorOf(await readRelease(releaseA, ticker))).toMatchObject({ status: 403, message: "This token does not have the scope releases:read." });
    expect((await tickFirst(releaseA, ticker)).status).toBe(200);
  });

  it("never signs off, and refuses every permission outside the scopes, whatever the owner may do", () => {
    expect(tokenRefusal(ALL, "signoff:sign")).toBe("An API token never signs off; sign in the browser.");
    for (const permission of ["template:manage", "environment:manage", "project:manage", "project:create", "user:manage", "token:manage", "release:reopen"] as const) {
      expect(tokenRefusal(ALL, permission), permission).toBe("API tokens cannot do this; sign in the browser.");
    }
    expect(tokenRefusal([], "profile:read")).toBeNull();
  });

  it("finds nothing outside the project a personal token is restricted to (an admin's too): 404", async () => {
    const adminUser = await createTestUser({ appRole: "admin" });
    const alphaOnly = (await createToken(testContext(adminUser.id), adminUser.id, { name: "alpha", project: "alpha" })).token;
    const contributorAlpha = (await createToken(testContext(contributor.id), contributor.id, { name: "alpha", project: "alpha" })).token;
    for (const token of [alphaOnly, contributorAlpha]) {
      expect((await readRelease(releaseA, token)).status).toBe(200);
      expect(await errorOf(await readRelease(releaseB, token))).toMatchObject({ status: 404 });
      expect((await errorOf(await tickFirst(releaseB, token))).status).toBe(404);
      // Nor through its own project's path: a release of another project is not found there.
      expect((await errorOf(await readRelease(releaseB, token, "alpha"))).status).toBe(404);
      expect((await errorOf(await tickFirst(releaseB, token, "alpha"))).status).toBe(404);
    }
    // The contributor's unrestricted token reaches both of their projects.
    const both = (await createToken(testContext(contributor.id), contributor.id, { name: "both" })).token;
    expect((await readRelease(releaseB, both)).status).toBe(200);
  });

  it("acts as its project's token: items and releases record no user id, events name the token and its project; other projects are not found", async () => {
    const { token, row } = await createProjectToken(testContext(maintainer.id), maintainer.id, { name: "Deploy bot", project: "alpha" });
    const fresh = (await createRelease(admin, { templateId: templateA, version: randomVersion(), environment: "staging" })).id;
    const ticked = await tickFirst(fresh, token);
    expect(ticked.status).toBe(200);
    const itemKey = await firstItem(fresh);
    expect(await db.itemState.findUniqueOrThrow({ where: { releaseId_itemKey: { releaseId: fresh, itemKey } } })).toMatchObject({ status: "done", updatedById: null, updatedByName: "Deploy bot" });

    const version = randomVersion();
    const created = await postRelease("alpha", { templateId: templateA, version, environment: "staging" }, token);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await db.release.findUniqueOrThrow({ where: { id } })).toMatchObject({ projectId: projectA.id, createdById: null });
    const [event] = await readChain(releaseChain(id));
    const actor = actorSchema.parse(event!.actor);
    expect(actor).toEqual({ kind: "token", name: "Deploy bot", tokenId: row.id, tokenName: "Deploy bot", projectKey: "alpha" });
    expect(actorLabel(actor)).toBe("Deploy bot (project token of alpha)");

    expect((await errorOf(await readRelease(releaseB, token))).status).toBe(404);
    const elsewhere = await postRelease("beta", { templateId: templateB, version: randomVersion(), environment: "staging" }, token);
    expect((await errorOf(elsewhere)).status).toBe(404);
    // Its own project's path with another project's template: the template is unknown here.
    const foreignTemplate = await postRelease("alpha", { templateId: templateB, version: randomVersion(), environment: "staging" }, token);
    expect(await errorOf(foreignTemplate)).toMatchObject({ status: 400, fields: { templateId: ["Unknown template or template version."] } });
  });

  it("stops working at once when revoked by the project", async () => {
    const { token, row } = await createProjectToken(testContext(maintainer.id), maintainer.id, { name: "short-lived", project: "alpha" });
    expect((await readRelease(releaseA, token)).status).toBe(200);
    await revokeProjectToken(testContext(maintainer.id), { tokenId: row.id }, projectA.id);
    expect((await readRelease(releaseA, token)).status).toBe(401);
    // A project's revocation reaches only its own tokens.
    const personal = await createToken(testContext(maintainer.id), maintainer.id, { name: "mine" });
    expect((await refusalOf(revokeProjectToken(testContext(maintainer.id), { tokenId: personal.row.id }, projectA.id))).code).toBe("NOT_FOUND");
  });
});

describe("the live stream", () => {
  it("carries only releases the viewer may read: another project's release is not found", async () => {
    const outsider = await createTestUser({ name: "Olive Outsider" });
    await addProjectMember(admin, { project: "beta", user: outsider.email, role: "contributor" });
    const token = (await createToken(testContext(outsider.id), outsider.id, { name: "stream" })).token;
    const refused = await releaseEvents(get(`/api/releases/${releaseA}/events`, token), params({ id: releaseA }));
    expect(await errorOf(refused)).toMatchObject({ status: 404 });
    const controller = new AbortController();
    const allowed = await releaseEvents(new Request(`${BASE}/api/releases/${releaseB}/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal }), params({ id: releaseB }));
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = allowed.body!.getReader();
    let text = "";
    while (!text.includes("event: snapshot")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain("event: snapshot");
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });
});
