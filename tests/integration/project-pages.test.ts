import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db/client";
import { addProjectMember } from "../../lib/projects/add-project-member";
import { addRoleHolder } from "../../lib/projects/add-role-holder";
import { DEFAULT_PROJECT_KEY } from "../../lib/projects/default-project";
import { removeProjectMember } from "../../lib/projects/remove-project-member";
import { createProject } from "../../lib/projects/create-project";
import { setAuditorProjects } from "../../lib/projects/set-auditor-projects";
import { updateProject } from "../../lib/projects/update-project";
import { createRelease } from "../../lib/releases/create-release";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { readChain } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, SMALL_CHECKLIST } from "../support/releases";
import { createTestUser, testContext, type TestUser } from "../support/users";
import { RedirectSignal, session, signInAs } from "../reliability/support/session";

/**
 * The browser's project pages on a real database, with the session of each
 * kind of user: requireProject (the one check of every /p/<key>/ page), the
 * old /releases/… and /templates/… redirects, and the settings' actions
 * through the real wrapper (validatedAction with the project option).
 */
vi.mock("next/headers", async () => (await import("../reliability/support/session")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("../reliability/support/session")).nextCacheMock());
vi.mock("next/navigation", async () => (await import("../reliability/support/session")).nextNavigationMock());
vi.mock("../../lib/auth/auth", async () => (await import("../reliability/support/session")).authMock());

const { requireProject } = await import("../../lib/auth/current-user");
const { redirectToFirstProject, redirectToObject } = await import("../../app/_lib/old-paths");
const settings = await import("../../app/(app)/p/[key]/settings/actions");

setupTestDatabase();

const key = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
const projects = { a: { id: "", key: key("pa") }, b: { id: "", key: key("pb") } };
const releases = { a: "", b: "" };
const templates = { a: "", b: "" };
let contributorOfA: TestUser;
let maintainerOfA: TestUser;
let outsider: TestUser;
let auditorOfB: TestUser;

/** What a page's check answers: the project's key, or "not found", or where it redirects. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    const result = (await run()) as { project?: { key: string } } | undefined;
    return result?.project?.key ?? "ok";
  } catch (error) {
    if (error instanceof RedirectSignal) return `redirect ${error.location}`;
    if (error instanceof Error && error.message === "NEXT_NOT_FOUND") return "not found";
    throw error;
  }
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  const admin = testContext();
  for (const side of ["a", "b"] as const) {
    projects[side].id = (await createProject(admin, { key: projects[side].key, name: `Project ${side.toUpperCase()}` })).id;
    templates[side] = await importMarkdownTemplate(SMALL_CHECKLIST, `Pages ${side}`, projects[side].id);
    // The same version in both projects (release identity is project + version + environment).
    releases[side] = (await createRelease(admin, { templateId: templates[side], version: "1.0.0", environment: "staging" })).id;
  }
  contributorOfA = await createTestUser({ name: "Cora Contributor" });
  maintainerOfA = await createTestUser({ name: "Mona Maintainer" });
  outsider = await createTestUser({ name: "Otto Outsider" });
  auditorOfB = await createTestUser({ appRole: "auditor" });
  await addProjectMember(admin, { project: projects.a.key, user: contributorOfA.email, role: "contributor" });
  await addRoleHolder(admin, { project: projects.a.key, user: contributorOfA.email, role: "Tech Lead" });
  await addProjectMember(admin, { project: projects.a.key, user: maintainerOfA.email, role: "maintainer" });
  await setAuditorProjects(admin, { user: auditorOfB.email, projects: [projects.b.key] });
  // Test users join the default project on creation (the transitional rule of lib/users/create-user.ts): these two are in A only, and in nothing.
  for (const user of [contributorOfA, outsider]) await removeProjectMember(admin, { project: DEFAULT_PROJECT_KEY, user: user.email });
});

describe("requireProject: the check of every page under /p/<key>/", () => {
  it("lets a member read their project and answers not found for another, for a permission they lack there, and for an object of another project", async () => {
    await signInAs(contributorOfA.id);
    expect(await outcome(() => requireProject(projects.a.key))).toBe(projects.a.key);
    expect(await outcome(() => requireProject(projects.a.key, "release:create"))).toBe(projects.a.key);
    expect(await outcome(() => requireProject(projects.a.key, "release:read", { releaseId: releases.a }))).toBe(projects.a.key);
    expect(await outcome(() => requireProject(projects.a.key, "template:read", { templateId: templates.a }))).toBe(projects.a.key);
    expect(await outcome(() => requireProject(projects.b.key))).toBe("not found");
    expect(await outcome(() => requireProject(projects.a.key, "project:manage"))).toBe("not found");
    expect(await outcome(() => requireProject(projects.a.key, "release:read", { releaseId: releases.b }))).toBe("not found");
    expect(await outcome(() => requireProject(projects.a.key, "template:read", { templateId: templates.b }))).toBe("not found");
    expect(await outcome(() => requireProject("no-such-project"))).toBe("not found");
    expect(await outcome(() => requireProject("NOT A KEY"))).toBe("not found");
  });

  it("gives maintainers the settings, a scoped auditor only their project, read-only, and sends the signed-out to sign in", async () => {
    await signInAs(maintainerOfA.id);
    expect(await outcome(() => requireProject(projects.a.key, "project:manage"))).toBe(projects.a.key);
    await signInAs(auditorOfB.id);
    expect(await outcome(() => requireProject(projects.b.key, "release:read", { releaseId: releases.b }))).toBe(projects.b.key);
    expect(await outcome(() => requireProject(projects.b.key, "release:create"))).toBe("not found");
    expect(await outcome(() => requireProject(projects.a.key))).toBe("not found");
    session.current = null;
    expect(await outcome(() => requireProject(projects.a.key))).toBe("redirect /sign-in");
  });
});

describe("the URLs from before projects", () => {
  it("redirect a release or template to its project's page when readable, and are not found otherwise", async () => {
    await signInAs(contributorOfA.id);
    const page = (side: "a" | "b") => (projectKey: string) => `/p/${projectKey}/releases/${releases[side]}/certificate`;
    expect(await outcome(() => redirectToObject({ releaseId: releases.a }, page("a"), "?x=1"))).toBe(`redirect /p/${projects.a.key}/releases/${releases.a}/certificate?x=1`);
    expect(await outcome(() => redirectToObject({ releaseId: releases.b }, page("b")))).toBe("not found");
    expect(await outcome(() => redirectToObject({ templateId: templates.a }, (projectKey) => `/p/${projectKey}/templates/${templates.a}`))).toBe(`redirect /p/${projects.a.key}/templates/${templates.a}`);
    expect(await outcome(() => redirectToObject({ templateId: templates.b }, (projectKey) => `/p/${projectKey}/templates/${templates.b}`))).toBe("not found");
  });

  it("send the lists to the user's first project, or to /projects without one; a page they may not use in any project is not found", async () => {
    await signInAs(contributorOfA.id);
    expect(await outcome(() => redirectToFirstProject("release:read", (projectKey) => `/p/${projectKey}/releases`, "?status=approved"))).toBe(`redirect /p/${projects.a.key}/releases?status=approved`);
    await signInAs(outsider.id);
    expect(await outcome(() => redirectToFirstProject("release:read", (projectKey) => `/p/${projectKey}/releases`))).toBe("redirect /projects");
    await signInAs(auditorOfB.id);
    expect(await outcome(() => redirectToFirstProject("release:read", (projectKey) => `/p/${projectKey}/releases`))).toBe(`redirect /p/${projects.b.key}/releases`);
    expect(await outcome(() => redirectToFirstProject("release:create", (projectKey) => `/p/${projectKey}/releases/new`, "", true))).toBe("not found");
  });
});

describe("project settings actions", () => {
  type Result = { status: string; message?: string; fieldErrors?: Record<string, string[]> };
  const run = async (action: unknown, fields: Record<string, string>) => (await (action as (previous: unknown, data: FormData) => Promise<Result>)({ status: "idle" }, form(fields)));

  it("let a maintainer add a member and make them a role holder; a role holder who is not a member is refused at the field, writing nothing", async () => {
    await signInAs(maintainerOfA.id);
    const newcomer = await createTestUser({ name: "Nina Newcomer" });
    const events = (await readChain()).length;
    const refused = await run(settings.addRoleHolderAction, { project: projects.a.key, user: newcomer.email, role: "QA Lead" });
    expect(refused.status).toBe("error");
    expect(refused.fieldErrors?.user?.[0]).toBe(`Nina Newcomer is not a member of Project A; add them to the project first.`);
    expect((await readChain()).length).toBe(events);

    expect(await run(settings.addProjectMemberAction, { project: projects.a.key, user: newcomer.email, role: "contributor" })).toMatchObject({ status: "success", message: `Added ${newcomer.email} as contributor.` });
    expect(await run(settings.addRoleHolderAction, { project: projects.a.key, user: newcomer.email, role: "QA Lead" })).toMatchObject({ status: "success", message: `${newcomer.email} now holds QA Lead in this project.` });
    expect(await run(settings.setProjectMemberRoleAction, { project: projects.a.key, user: newcomer.email, role: "maintainer" })).toMatchObject({ status: "success" });
    expect(await run(settings.removeProjectMemberAction, { project: projects.a.key, user: newcomer.email })).toMatchObject({
      status: "success",
      message: `Removed ${newcomer.email} from the project; they no longer hold QA Lead here.`,
    });
  });

  it("refuse a contributor (forbidden in their project) and anyone on a project they may not read (not found), changing nothing", async () => {
    await signInAs(contributorOfA.id);
    expect(await run(settings.updateProjectAction, { project: projects.a.key, name: "Taken over", description: "" })).toMatchObject({ status: "error", message: "You do not have permission to do that." });
    await signInAs(maintainerOfA.id);
    expect(await run(settings.updateProjectAction, { project: projects.b.key, name: "Taken over", description: "" })).toMatchObject({ status: "error", message: "Not found." });
    expect(await run(settings.addProjectMemberAction, { project: projects.b.key, user: maintainerOfA.email, role: "maintainer" })).toMatchObject({ status: "error", message: "Not found." });
    expect((await db.project.findMany({ where: { id: { in: [projects.a.id, projects.b.id] } }, orderBy: { key: "asc" }, select: { name: true } })).map((project) => project.name)).toEqual(["Project A", "Project B"]);
    expect(await db.projectMember.count({ where: { projectId: projects.b.id } })).toBe(0);
  });

  it("rename a project keeping its key, one audit event with before and after; an unchanged form writes nothing; a bad name is refused at the field", async () => {
    await signInAs(maintainerOfA.id);
    const events = (await readChain()).length;
    expect(await run(settings.updateProjectAction, { project: projects.a.key, name: "  Project A, renamed ", description: "What A is." })).toMatchObject({
      status: "success",
      message: "Saved the project Project A, renamed.",
    });
    const chain = await readChain();
    expect(chain).toHaveLength(events + 1);
    expect(chain.at(-1)).toMatchObject({
      type: "project.updated",
      subject: { kind: "project", id: projects.a.id, label: "Project A, renamed" },
      data: { key: projects.a.key, before: { name: "Project A", description: "" }, after: { name: "Project A, renamed", description: "What A is." } },
    });
    expect(await db.project.findUniqueOrThrow({ where: { id: projects.a.id }, select: { key: true, name: true } })).toEqual({ key: projects.a.key, name: "Project A, renamed" });

    expect(await updateProject(testContext(), { project: projects.a.key, name: "Project A, renamed", description: "What A is." })).toMatchObject({ changed: false });
    expect(await run(settings.updateProjectAction, { project: projects.a.key, name: "<b>", description: "" })).toMatchObject({ status: "error", fieldErrors: { name: [expect.stringMatching(/angle brackets/)] } });
    expect((await readChain()).length).toBe(events + 1);
    await updateProject(testContext(), { project: projects.a.key, name: "Project A", description: "" });
  });
});
