import { beforeAll, describe, expect, it, vi } from "vitest";
import { addProjectMember } from "../../lib/projects/add-project-member";
import { createProject } from "../../lib/projects/create-project";
import { setAuditorProjects } from "../../lib/projects/set-auditor-projects";
import { createRelease } from "../../lib/releases/create-release";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { createToken } from "../../lib/tokens/tokens";
import { db } from "../../lib/db/client";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, SMALL_CHECKLIST } from "../support/releases";
import { statementsDuring } from "../support/statements";
import { createTestUser, testContext } from "../support/users";

/**
 * /api/v1/projects/{key}/… on a real database, with bearer tokens: a project
 * the caller may not read answers 404 like one that does not exist, a
 * release is found only under its own project's key, and the read paths
 * (list, detail, items) stay one statement each, the project check included.
 */
vi.mock("../../lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

const { GET: listProjectsRoute } = await import("../../app/api/v1/projects/route");
const { GET: getProjectRoute } = await import("../../app/api/v1/projects/[key]/route");
const { GET: listTemplatesRoute } = await import("../../app/api/v1/projects/[key]/templates/route");
const { GET: listReleasesRoute } = await import("../../app/api/v1/projects/[key]/releases/route");
const { GET: getReleaseRoute } = await import("../../app/api/v1/projects/[key]/releases/[id]/route");
const { GET: listItemsRoute } = await import("../../app/api/v1/projects/[key]/releases/[id]/items/route");
const { GET: getItemRoute } = await import("../../app/api/v1/projects/[key]/releases/[id]/items/[itemKey]/route");
const { GET: meRoute } = await import("../../app/api/v1/me/route");

setupTestDatabase();

const admin = testContext();
let releaseA: string;
let releaseB: string;
let itemA: string;
let memberToken: string;
let scopedAuditorToken: string;
let adminToken: string;

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  await createProject(admin, { key: "alpha", name: "Alpha" });
  await createProject(admin, { key: "beta", name: "Beta" });
  const alpha = await db.project.findUniqueOrThrow({ where: { key: "alpha" } });
  const beta = await db.project.findUniqueOrThrow({ where: { key: "beta" } });
  const templateA = await importMarkdownTemplate(SMALL_CHECKLIST, "A", alpha.id);
  const templateB = await importMarkdownTemplate(SMALL_CHECKLIST, "B", beta.id);
  releaseA = (await createRelease(admin, { templateId: templateA, version: "1.0.0", environment: "staging" })).id;
  releaseB = (await createRelease(admin, { templateId: templateB, version: "1.0.0", environment: "staging" })).id;
  itemA = (await db.itemState.findFirstOrThrow({ where: { releaseId: releaseA }, orderBy: { position: "asc" } })).itemKey;
  const member = await createTestUser();
  await addProjectMember(admin, { project: "alpha", user: member.email, role: "contributor" });
  memberToken = (await createToken(testContext(member.id), member.id, { name: "member" })).token;
  const auditor = await createTestUser({ appRole: "auditor" });
  await setAuditorProjects(admin, { user: auditor.email, projects: ["beta"] });
  scopedAuditorToken = (await createToken(testContext(auditor.id), auditor.id, { name: "auditor" })).token;
  const adminUser = await createTestUser({ appRole: "admin" });
  adminToken = (await createToken(testContext(adminUser.id), adminUser.id, { name: "admin" })).token;
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = (handler: Handler, path: string, params: Record<string, string>, token: string) =>
  handler(new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve(params) });
const body = async (response: Response) => ({ status: response.status, json: (await response.json()) as Record<string, unknown> });

describe("projects through the API", () => {
  it("lists the projects each caller may read, with their role", async () => {
    const keys = async (token: string) => ((await body(await call(listProjectsRoute as Handler, "/api/v1/projects", {}, token))).json.projects as { key: string; role: string | null }[]);
    const mine = await keys(memberToken);
    expect(mine.find((project) => project.key === "alpha")).toMatchObject({ role: "contributor" });
    expect(mine.map((project) => project.key)).not.toContain("beta");
    expect((await keys(scopedAuditorToken)).map((project) => project.key)).toEqual(["beta"]);
    expect((await keys(adminToken)).map((project) => project.key)).toEqual(expect.arrayContaining(["alpha", "beta", "default"]));
  });

  it("answers 404 alike for a project that does not exist and one the caller may not read", async () => {
    expect(await body(await call(getProjectRoute as Handler, "/api/v1/projects/alpha", { key: "alpha" }, memberToken))).toMatchObject({ status: 200, json: { key: "alpha", name: "Alpha", role: "contributor" } });
    for (const [key, token] of [["beta", memberToken], ["no-such-project", memberToken], ["alpha", scopedAuditorToken], ["Not A Key", adminToken]] as const) {
      const project = await body(await call(getProjectRoute as Handler, `/api/v1/projects/${key}`, { key }, token));
      const releases = await body(await call(listReleasesRoute as Handler, `/api/v1/projects/${key}/releases`, { key }, token));
      const templates = await body(await call(listTemplatesRoute as Handler, `/api/v1/projects/${key}/templates`, { key }, token));
      for (const answer of [project, releases, templates]) expect(answer, `${key}`).toMatchObject({ status: 404, json: { error: { code: "NOT_FOUND" } } });
    }
  });

  it("finds a release only under its own project's key", async () => {
    expect((await call(getReleaseRoute as Handler, `/api/v1/projects/alpha/releases/${releaseA}`, { key: "alpha", id: releaseA }, adminToken)).status).toBe(200);
    expect((await call(getReleaseRoute as Handler, `/api/v1/projects/beta/releases/${releaseA}`, { key: "beta", id: releaseA }, adminToken)).status).toBe(404);
    expect((await call(listItemsRoute as Handler, `/api/v1/projects/beta/releases/${releaseA}/items`, { key: "beta", id: releaseA }, adminToken)).status).toBe(404);
    expect((await call(getItemRoute as Handler, `/api/v1/projects/beta/releases/${releaseA}/items/${itemA}`, { key: "beta", id: releaseA, itemKey: itemA }, adminToken)).status).toBe(404);
    expect((await call(getReleaseRoute as Handler, `/api/v1/projects/alpha/releases/${releaseB}`, { key: "alpha", id: releaseB }, memberToken)).status).toBe(404);
    // Both projects released 1.0.0 to staging; each list holds its own.
    const listed = await body(await call(listReleasesRoute as Handler, "/api/v1/projects/beta/releases?version=1.0.0", { key: "beta" }, adminToken));
    expect((listed.json.releases as { id: string }[]).map((release) => release.id)).toEqual([releaseB]);
  });

  it("reads a list, a release and its items in one statement each, the project check included", async () => {
    // Warm the token cache and the template cache; then each read costs what /me costs (authentication) plus one statement.
    const reads: [string, () => Promise<Response>][] = [
      ["list", () => call(listReleasesRoute as Handler, "/api/v1/projects/alpha/releases", { key: "alpha" }, memberToken)],
      ["release", () => call(getReleaseRoute as Handler, `/api/v1/projects/alpha/releases/${releaseA}`, { key: "alpha", id: releaseA }, memberToken)],
      ["items", () => call(listItemsRoute as Handler, `/api/v1/projects/alpha/releases/${releaseA}/items`, { key: "alpha", id: releaseA }, memberToken)],
    ];
    for (const [, read] of reads) expect((await read()).status).toBe(200);
    const me = () => call(meRoute as Handler, "/api/v1/me", {}, memberToken);
    await me();
    for (const [label, read] of reads) {
      const baseline = await statementsDuring(me);
      const sent = await statementsDuring(read);
      expect(sent.length, `${label}: ${sent.join(" | ")}`).toBe(baseline.length + 1);
    }
  });
});
