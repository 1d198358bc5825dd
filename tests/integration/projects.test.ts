import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { actorSchema } from "../../lib/audit/actor";
import { AUDIT_EVENT_SCHEMAS, isAuditEventType, subjectSchema } from "../../lib/audit/event-types";
import { actorLabel, formatEvent } from "../../lib/audit/format-event";
import { loadActiveUser } from "../../lib/auth/session-user";
import { addProjectMember } from "../../lib/projects/add-project-member";
import { addRoleHolder } from "../../lib/projects/add-role-holder";
import { createProject } from "../../lib/projects/create-project";
import { getProject } from "../../lib/projects/get-project";
import { listProjectMembers } from "../../lib/projects/list-project-members";
import { listProjects } from "../../lib/projects/list-projects";
import { removeProjectMember } from "../../lib/projects/remove-project-member";
import { removeRoleHolder } from "../../lib/projects/remove-role-holder";
import { setAuditorProjects } from "../../lib/projects/set-auditor-projects";
import { setProjectMemberRole } from "../../lib/projects/set-project-member-role";
import { SYSTEM_VIEWER } from "../../lib/releases/visibility";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { readChain } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { refusalOf, SMALL_CHECKLIST } from "../support/releases";
import { importTemplate } from "../../lib/templates/import-template";
import { createRelease } from "../../lib/releases/create-release";
import { DEFAULT_PROJECT_ID } from "../../lib/projects/default-project";
import { createTestUser, testContext } from "../support/users";

setupTestDatabase();

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
});

const randomKey = (prefix = "p") => `${prefix}-${randomBytes(4).toString("hex")}`;
const admin = testContext();

/** Everything a refused project call must leave as it was. */
async function projectCounts() {
  return {
    projects: await db.project.count(),
    environments: await db.environment.count(),
    gates: await db.environmentGate.count(),
    members: await db.projectMember.count(),
    holdings: await db.userSignoffRole.count(),
    auditorProjects: await db.auditorProject.count(),
    events: await db.auditEvent.count(),
  };
}

async function lastEvent() {
  const events = await readChain();
  return events[events.length - 1]!;
}

/** The event's sentence as the timeline shows it, without the actor's name in front. */
function sentence(event: Awaited<ReturnType<typeof lastEvent>>): string {
  if (!isAuditEventType(event.type)) throw new Error(`unknown type ${event.type}`);
  const actor = actorSchema.parse(event.actor);
  const data = AUDIT_EVENT_SCHEMAS[event.type].parse(event.data);
  const text = formatEvent({ type: event.type, actor, subject: subjectSchema.parse(event.subject), data } as Parameters<typeof formatEvent>[0]);
  expect(text.startsWith(`${actorLabel(actor)} `)).toBe(true);
  return text.slice(actorLabel(actor).length + 1);
}

describe("createProject", () => {
  it("creates the project with staging and production (gated on staging, its creator may not sign) and one project.created event", async () => {
    const key = randomKey("mgit");
    const project = await createProject(admin, { key, name: "mgit CLI", description: "The mgit command line." });
    expect(project).toMatchObject({ key, name: "mgit CLI", description: "The mgit command line." });

    const environments = await db.environment.findMany({ where: { projectId: project.id }, orderBy: { position: "asc" }, include: { gates: true } });
    expect(environments.map((environment) => [environment.key, environment.name, environment.creatorMayNotSign, environment.tickerMayNotSign])).toEqual([
      ["staging", "Staging", false, false],
      ["production", "Production", true, false],
    ]);
    expect(environments[0]!.gates).toEqual([]);
    expect(environments[1]!.gates.map((gate) => gate.requiresId)).toEqual([environments[0]!.id]);

    const event = await lastEvent();
    expect(event).toMatchObject({
      type: "project.created",
      subject: { kind: "project", id: project.id, label: "mgit CLI" },
      data: {
        after: {
          key,
          name: "mgit CLI",
          description: "The mgit command line.",
          environments: [
            { key: "staging", name: "Staging", requires: [], creatorMayNotSign: false },
            { key: "production", name: "Production", requires: ["staging"], creatorMayNotSign: true },
          ],
        },
      },
    });
    expect(sentence(event)).toBe(`created the project mgit CLI (${key}) with the environments Staging, Production (requires staging)`);
  });

  it("refuses a duplicate key naming the field key, writing nothing", async () => {
    const key = randomKey();
    await createProject(admin, { key, name: "First" });
    const before = await projectCounts();
    const refusal = await refusalOf(createProject(admin, { key, name: "Second" }));
    expect(refusal).toMatchObject({ code: "CONFLICT", message: `A project with the key ${key} already exists.` });
    expect(refusal.fields).toEqual({ key: [`A project with the key ${key} already exists.`] });
    expect(await projectCounts()).toEqual(before);
  });

  it.each([
    ["upper case", "Mgit"],
    ["one character", "m"],
    ["41 characters", "a".repeat(41)],
    ["a space", "mg it"],
    ["a slash", "mg/it"],
    ["an underscore", "mg_it"],
    ["empty", ""],
    ["not text", 42],
  ])("refuses a malformed key (%s) naming the field key, writing nothing", async (_label, key) => {
    const before = await projectCounts();
    const refusal = await refusalOf(createProject(admin, { key: key as string, name: "Malformed" }));
    expect(refusal.code).toBe("BAD_REQUEST");
    expect(refusal.fields).toEqual({ key: ["Project keys are 2 to 40 lowercase letters, digits and dashes (e.g. mgit)."] });
    expect(await projectCounts()).toEqual(before);
  });

  it("takes a key of 2 and of 40 characters", async () => {
    const suffix = randomBytes(2).toString("hex");
    const long = `${"k".repeat(36)}${suffix}`;
    expect((await createProject(admin, { key: long, name: "Long" })).key).toHaveLength(40);
    // Each test file has its own fresh database: "ab" is new here.
    expect((await createProject(admin, { key: "ab", name: "Short" })).key).toBe("ab");
  });

  it.each([
    ["an empty name", { name: "  " }, "name", "Name the project, e.g. “mgit CLI”."],
    ["a name of 101 characters", { name: "n".repeat(101) }, "name", "Project names are at most 100 characters."],
    ["a name with markup", { name: "<b>x</b>" }, "name", "Project names may not contain control characters or angle brackets."],
    ["a description of 2001 characters", { name: "Fine", description: "d".repeat(2001) }, "description", "Descriptions are at most 2000 characters."],
  ])("refuses %s naming the field, writing nothing", async (_label, fields, field, message) => {
    const before = await projectCounts();
    const refusal = await refusalOf(createProject(admin, { key: randomKey(), ...fields }));
    expect(refusal.fields).toEqual({ [field]: [message] });
    expect(await projectCounts()).toEqual(before);
  });
});

describe("a new project", () => {
  it("is usable at once: its own template, staging 1.0.0 next to another project's, production gated on its own staging", async () => {
    const project = await createProject(admin, { key: randomKey("ship"), name: "Ship" });
    const markdown = SMALL_CHECKLIST;
    const name = "Production checklist";
    // The same template name in two projects: names are unique per project.
    const mine = await importTemplate(admin, { markdown, name, projectId: project.id });
    const other = await importTemplate(admin, { markdown, name, projectId: DEFAULT_PROJECT_ID });
    expect(mine.created && other.created).toBe(true);
    expect(mine.templateId).not.toBe(other.templateId);
    // Re-importing by name adds a version to this project's template only.
    const again = await importTemplate(admin, { markdown: markdown.replace("Compile the code", "Compile the code twice"), name: name.toUpperCase(), projectId: project.id });
    expect(again).toMatchObject({ templateId: mine.templateId, version: 2, created: false });

    const staging = await createRelease(admin, { templateId: mine.templateId, version: "1.0.0", environment: "staging" });
    const elsewhere = await createRelease(admin, { templateId: other.templateId, version: "1.0.0", environment: "staging" });
    expect((await db.release.findUniqueOrThrow({ where: { id: staging.id } })).projectId).toBe(project.id);
    expect((await db.release.findUniqueOrThrow({ where: { id: elsewhere.id } })).projectId).toBe(DEFAULT_PROJECT_ID);

    // Production waits for this project's staging 1.0.0, whatever other projects did.
    const gate = await refusalOf(createRelease(admin, { templateId: mine.templateId, version: "1.0.0", environment: "production" }));
    expect(gate.code).toBe("CONFLICT");
    expect(gate.message).toMatch(/^Production 1\.0\.0 needs 1\.0\.0 approved in Staging first/);
  });

  it("refuses, in a project, a template of another project as unknown, writing nothing", async () => {
    const a = await createProject(admin, { key: randomKey("a"), name: "A" });
    const b = await createProject(admin, { key: randomKey("b"), name: "B" });
    const template = await importTemplate(admin, { markdown: SMALL_CHECKLIST, name: "Checklist", projectId: b.id });
    const before = await db.release.count();
    const refusal = await refusalOf(createRelease(admin, { templateId: template.templateId, version: "2.0.0", environment: "staging" }, a.id));
    expect(refusal).toMatchObject({ code: "BAD_REQUEST", fields: { templateId: ["Unknown template or template version."] } });
    expect(await db.release.count()).toBe(before);
    expect(await createRelease(admin, { templateId: template.templateId, version: "2.0.0", environment: "staging" }, b.id)).toMatchObject({ environment: "staging" });
  });

  it("refuses an import into a project that does not exist, writing nothing", async () => {
    const before = await db.template.count();
    const refusal = await refusalOf(importTemplate(admin, { markdown: SMALL_CHECKLIST, name: "Nowhere", projectId: "00000000-0000-4000-8000-00000000dead" }));
    expect(refusal).toMatchObject({ code: "NOT_FOUND", fields: { project: ["Project not found."] } });
    expect(await db.template.count()).toBe(before);
  });
});

describe("listProjects and getProject", () => {
  it("show each viewer only the projects they may read, with their role there", async () => {
    const a = await createProject(admin, { key: randomKey("a"), name: `A ${randomBytes(3).toString("hex")}` });
    const b = await createProject(admin, { key: randomKey("b"), name: `B ${randomBytes(3).toString("hex")}` });
    const member = await createTestUser();
    await addProjectMember(admin, { project: a.key, user: member.email, role: "maintainer" });
    const memberUser = (await loadActiveUser(member.id))!;
    const adminUser = (await loadActiveUser((await createTestUser({ appRole: "admin" })).id))!;
    const scoped = await createTestUser({ appRole: "auditor" });
    await setAuditorProjects(admin, { user: scoped.email, projects: [b.key] });
    const scopedUser = (await loadActiveUser(scoped.id))!;
    const orgAuditor = (await loadActiveUser((await createTestUser({ appRole: "auditor" })).id))!;

    const keys = async (viewer: Parameters<typeof listProjects>[0]) => (await listProjects(viewer)).map((project) => project.key);
    // The transitional rule makes every new member a contributor of default too (lib/users/create-user.ts).
    expect(await keys(memberUser)).toEqual(expect.arrayContaining([a.key]));
    expect(await keys(memberUser)).not.toContain(b.key);
    expect((await listProjects(memberUser)).find((project) => project.key === a.key)).toMatchObject({ role: "maintainer", memberCount: 1, openReleases: 0 });
    expect(await keys(scopedUser)).toEqual([b.key]);
    for (const viewer of [adminUser, orgAuditor, SYSTEM_VIEWER] as const) {
      expect(await keys(viewer)).toEqual(expect.arrayContaining([a.key, b.key, "default"]));
    }
    expect((await listProjects(adminUser)).find((project) => project.key === a.key)?.role).toBeNull();

    expect(await getProject(a.key, memberUser)).toMatchObject({ id: a.id, key: a.key, role: "maintainer" });
    expect(await getProject(b.key, memberUser)).toBeNull();
    expect(await getProject(a.key, scopedUser)).toBeNull();
    expect(await getProject(b.key, scopedUser)).toMatchObject({ id: b.id, role: null });
    expect(await getProject(a.key, adminUser)).toMatchObject({ id: a.id, role: null });
    expect(await getProject("no-such-project", adminUser)).toBeNull();
    expect(await getProject("Not A Key'", adminUser)).toBeNull();
  });
});

describe("members and role holders", () => {
  it("adds a member, changes their role, makes them a role holder and removes them, each with one event; their holdings end with the membership", async () => {
    const project = await createProject(admin, { key: randomKey(), name: "Billing" });
    const jane = await createTestUser({ name: "Jane Doe" });

    await addProjectMember(admin, { project: project.key, user: jane.email.toUpperCase(), role: "contributor" });
    let event = await lastEvent();
    expect(event).toMatchObject({ type: "project.member_added", subject: { kind: "project", id: project.id, label: "Billing" }, data: { user: { email: jane.email, name: "Jane Doe" }, after: { role: "contributor" } } });
    expect(sentence(event)).toBe(`added Jane Doe <${jane.email}> to Billing as contributor`);
    expect((await loadActiveUser(jane.id))!.projects).toContainEqual({ id: project.id, key: project.key, name: "Billing", role: "contributor" });

    expect(await setProjectMemberRole(admin, { project: project.key, user: jane.id, role: "maintainer" })).toEqual({ changed: true });
    event = await lastEvent();
    expect(event).toMatchObject({ type: "project.member_role_changed", data: { before: { role: "contributor" }, after: { role: "maintainer" } } });
    const eventsBefore = await db.auditEvent.count();
    expect(await setProjectMemberRole(admin, { project: project.key, user: jane.id, role: "maintainer" })).toEqual({ changed: false });
    expect(await db.auditEvent.count()).toBe(eventsBefore);

    await addRoleHolder(admin, { project: project.key, user: jane.email, role: "Tech Lead" });
    event = await lastEvent();
    expect(event).toMatchObject({ type: "project.role_holder_added", data: { user: { email: jane.email }, role: "Tech Lead" } });
    expect(sentence(event)).toBe(`made Jane Doe <${jane.email}> Tech Lead of Billing`);
    await addRoleHolder(admin, { project: project.key, user: jane.email, role: "sre-lead" });
    expect((await loadActiveUser(jane.id))!.signoffRoles.filter((role) => role.projectId === project.id).map((role) => role.name)).toEqual(["SRE Lead", "Tech Lead"]);
    expect((await listProjectMembers(project.id)).map((member) => [member.email, member.role, member.signoffRoles.map((role) => role.name)])).toEqual([
      [jane.email, "maintainer", ["SRE Lead", "Tech Lead"]],
    ]);

    await removeRoleHolder(admin, { project: project.key, user: jane.email, role: "SRE Lead" });
    expect(await lastEvent()).toMatchObject({ type: "project.role_holder_removed", data: { role: "SRE Lead" } });

    expect(await removeProjectMember(admin, { project: project.key, user: jane.email })).toEqual({ signoffRolesEnded: ["Tech Lead"] });
    event = await lastEvent();
    expect(event).toMatchObject({ type: "project.member_removed", data: { user: { email: jane.email }, before: { role: "maintainer", signoffRoles: ["Tech Lead"] } } });
    expect(sentence(event)).toBe(`removed Jane Doe <${jane.email}> (maintainer) from Billing; the sign-off roles they held there ended: Tech Lead`);
    expect(await db.userSignoffRole.count({ where: { projectId: project.id } })).toBe(0);
    expect((await loadActiveUser(jane.id))!.projects.map((membership) => membership.id)).not.toContain(project.id);
  });

  it("refuses a role holder who is not a member of the project, naming the field user, writing nothing", async () => {
    const a = await createProject(admin, { key: randomKey("a"), name: "A" });
    const b = await createProject(admin, { key: randomKey("b"), name: "B" });
    const bob = await createTestUser({ name: "Bob Member" });
    await addProjectMember(admin, { project: b.key, user: bob.email, role: "contributor" });
    const before = await projectCounts();
    const refusal = await refusalOf(addRoleHolder(admin, { project: a.key, user: bob.email, role: "Tech Lead" }));
    expect(refusal).toMatchObject({ code: "BAD_REQUEST", fields: { user: ["Bob Member is not a member of A; add them to the project first."] } });
    expect(await projectCounts()).toEqual(before);
  });

  it.each([
    ["an unknown sign-off role", { role: "Chief Vibes Officer" }, "role", "Unknown sign-off role."],
    ["an empty role", { role: " " }, "role", "Name the sign-off role, e.g. “Tech Lead”."],
    ["an unknown user", { user: "nobody@example.test" }, "user", "No active user with this email."],
    ["an unknown project", { project: "no-such-project" }, "project", "No project with the key no-such-project."],
    ["a malformed project key", { project: "Not/A/Key" }, "project", "Unknown project."],
  ])("refuses a role holder with %s naming the field, writing nothing", async (_label, override, field, message) => {
    const project = await createProject(admin, { key: randomKey(), name: "Roles" });
    const carol = await createTestUser();
    await addProjectMember(admin, { project: project.key, user: carol.email, role: "contributor" });
    const before = await projectCounts();
    const refusal = await refusalOf(addRoleHolder(admin, { project: project.key, user: carol.email, role: "Tech Lead", ...override }));
    expect(refusal.fields).toEqual({ [field]: [message] });
    expect(await projectCounts()).toEqual(before);
  });

  it("refuses holding the same role twice, removing a role not held, adding a member twice, an auditor as member, and members of a bad role", async () => {
    const project = await createProject(admin, { key: randomKey(), name: "Twice" });
    const dave = await createTestUser({ name: "Dave Twice" });
    await addProjectMember(admin, { project: project.key, user: dave.email, role: "contributor" });
    await addRoleHolder(admin, { project: project.key, user: dave.email, role: "QA Lead" });
    const auditor = await createTestUser({ appRole: "auditor", name: "Ann Auditor" });
    const outsider = await createTestUser({ name: "Olly Outsider" });
    const before = await projectCounts();
    expect((await refusalOf(addRoleHolder(admin, { project: project.key, user: dave.email, role: "qa-lead" }))).fields).toEqual({ role: ["Dave Twice already holds QA Lead in Twice."] });
    expect((await refusalOf(removeRoleHolder(admin, { project: project.key, user: dave.email, role: "Tech Lead" }))).fields).toEqual({ role: ["Dave Twice does not hold Tech Lead in Twice."] });
    expect((await refusalOf(addProjectMember(admin, { project: project.key, user: dave.email, role: "maintainer" }))).fields).toEqual({ user: ["Dave Twice is already a contributor of Twice."] });
    expect((await refusalOf(addProjectMember(admin, { project: project.key, user: auditor.email, role: "contributor" }))).fields.user?.[0]).toMatch(/^Ann Auditor is an auditor/);
    expect((await refusalOf(addProjectMember(admin, { project: project.key, user: auditor.email, role: "owner" as "maintainer" }))).fields).toEqual({ role: ["Choose maintainer or contributor."] });
    expect((await refusalOf(removeProjectMember(admin, { project: project.key, user: outsider.email }))).fields).toEqual({ user: ["Olly Outsider is not a member of Twice; add them to the project first."] });
    expect((await refusalOf(setProjectMemberRole(admin, { project: project.key, user: outsider.email, role: "maintainer" }))).fields.user).toHaveLength(1);
    expect(await projectCounts()).toEqual(before);
  });
});

describe("setAuditorProjects", () => {
  it("scopes an auditor to projects and back to every project, each change one event", async () => {
    const a = await createProject(admin, { key: randomKey("a"), name: "A" });
    const auditor = await createTestUser({ appRole: "auditor", name: "Ada Auditor" });
    expect((await loadActiveUser(auditor.id))!.auditorProjectIds).toBeNull();

    expect(await setAuditorProjects(admin, { user: auditor.email, projects: [a.key, a.key] })).toEqual({ projects: [a.key], changed: true });
    expect((await loadActiveUser(auditor.id))!.auditorProjectIds).toEqual([a.id]);
    let event = await lastEvent();
    expect(event).toMatchObject({ type: "user.auditor_projects_changed", subject: { kind: "user", id: auditor.id }, data: { before: { projects: [] }, after: { projects: [a.key] } } });
    expect(sentence(event)).toBe(`changed what the auditor Ada Auditor <${auditor.email}> may read from every project to the projects ${a.key}`);

    const count = await db.auditEvent.count();
    expect((await setAuditorProjects(admin, { user: auditor.email, projects: [a.key] })).changed).toBe(false);
    expect(await db.auditEvent.count()).toBe(count);

    await setAuditorProjects(admin, { user: auditor.email, projects: [] });
    expect((await loadActiveUser(auditor.id))!.auditorProjectIds).toBeNull();
    event = await lastEvent();
    expect(event).toMatchObject({ data: { before: { projects: [a.key] }, after: { projects: [] } } });
  });

  it("refuses an unknown project naming projects, and a user who is not an auditor naming user, writing nothing", async () => {
    const auditor = await createTestUser({ appRole: "auditor" });
    const member = await createTestUser({ name: "Meg Member" });
    const before = await projectCounts();
    expect((await refusalOf(setAuditorProjects(admin, { user: auditor.email, projects: ["no-such-project"] }))).fields).toEqual({ projects: ["No project with the key no-such-project."] });
    expect((await refusalOf(setAuditorProjects(admin, { user: member.email, projects: [] }))).fields.user?.[0]).toMatch(/^Meg Member is not an auditor/);
    expect(await projectCounts()).toEqual(before);
  });
});
