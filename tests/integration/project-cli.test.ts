import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { DEFAULT_PROJECT_ID } from "../../lib/projects/default-project";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { connect } from "../support/audit";
import { runCli as runCountersign } from "../support/cli";
import { setupTestDatabase } from "../support/database";
import { importReferenceTemplate } from "../support/releases";
import { randomTemplateName, REFERENCE_PATH } from "../support/templates";
import { createTestUser } from "../support/users";

/**
 * `countersign project …` and the --project option of template import,
 * release create and release list, as a person runs them: child processes on
 * the test database (issue 11).
 */

const context = setupTestDatabase();
const runCli = (args: string[]) => runCountersign(args, { DATABASE_URL: context.database.appUrl, DATABASE_OWNER_URL: context.database.ownerUrl });

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
});

const key = `mgit-${randomBytes(3).toString("hex")}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("countersign project (CLI)", { timeout: 120_000 }, () => {
  it("creates a project with its environments, printing it as JSON, and lists it", async () => {
    const created = await runCli(["project", "create", "--key", key, "--name", "mgit CLI", "--description", "The mgit command line.", "--json"]);
    expect(created.code, created.stderr).toBe(0);
    const json = JSON.parse(created.stdout.trim()) as Record<string, unknown>;
    expect(json).toStrictEqual({ id: expect.stringMatching(UUID), key, name: "mgit CLI", description: "The mgit command line.", environments: ["staging", "production"] });
    expect((await db.environment.findMany({ where: { projectId: json.id as string }, orderBy: { position: "asc" } })).map((environment) => environment.key)).toEqual(["staging", "production"]);

    const listed = await runCli(["project", "list", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const { projects } = JSON.parse(listed.stdout) as { projects: { key: string; name: string; memberCount: number; openReleases: number }[] };
    expect(projects.map((project) => project.key)).toEqual(expect.arrayContaining(["default", key]));
    expect(projects.find((project) => project.key === key)).toMatchObject({ name: "mgit CLI", memberCount: 0, openReleases: 0 });
  });

  it("refuses a duplicate and a malformed key naming --key, writing nothing", async () => {
    const before = await db.project.count();
    const duplicate = await runCli(["project", "create", "--key", key, "--name", "Again"]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr.trim()).toBe(`error: A project with the key ${key} already exists. (--key: A project with the key ${key} already exists.)`);
    const malformed = await runCli(["project", "create", "--key", "Not A Key", "--name", "Bad"]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr.trim()).toBe("error: Invalid options. (--key: Project keys are 2 to 40 lowercase letters, digits and dashes (e.g. mgit).)");
    expect(await db.project.count()).toBe(before);
  });

  it("adds a member and makes them a signer; a signer who is not a member is refused naming --user", async () => {
    const jane = await createTestUser({ name: "Jane Lead" });
    const refused = await runCli(["project", "signer", "add", "--project", key, "--user", jane.email, "--role", "Tech Lead"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("(--user: Jane Lead is not a member of mgit CLI; add them to the project first.)");

    const member = await runCli(["project", "member", "add", "--project", key, "--user", jane.email, "--role", "maintainer"]);
    expect(member.code, member.stderr).toBe(0);
    expect(member.stdout.trim()).toBe(`Added ${jane.email} to ${key} as maintainer.`);
    const signer = await runCli(["project", "signer", "add", "--project", key, "--user", jane.email, "--role", "Tech Lead"]);
    expect(signer.code, signer.stderr).toBe(0);
    expect(signer.stdout.trim()).toBe(`${jane.email} now holds Tech Lead in ${key}.`);

    const project = await db.project.findUniqueOrThrow({ where: { key } });
    expect(await db.projectMember.findUnique({ where: { projectId_userId: { projectId: project.id, userId: jane.id } } })).toMatchObject({ role: "maintainer" });
    expect(await db.userSignoffRole.count({ where: { projectId: project.id, userId: jane.id } })).toBe(1);

    const badRole = await runCli(["project", "member", "add", "--project", key, "--user", jane.email, "--role", "owner"]);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/--role <role>.*owner.*maintainer, contributor/s);
  });

  it("imports a template into the project, creates its staging 1.0.0 next to default's, and lists each project's releases apart", async () => {
    const name = randomTemplateName("mgit checklist");
    const imported = await runCli(["template", "import", REFERENCE_PATH, "--project", key, "--name", name, "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
    const templateId = (JSON.parse(imported.stdout) as { templateId: string }).templateId;
    const project = await db.project.findUniqueOrThrow({ where: { key } });
    expect(await db.template.findUniqueOrThrow({ where: { id: templateId } })).toMatchObject({ projectId: project.id, name });

    // Both projects release 1.0.0 to staging.
    const defaultTemplate = await importReferenceTemplate();
    const inDefault = await runCli(["release", "create", "--template", defaultTemplate, "--version", "1.0.0", "--env", "staging", "--json"]);
    expect(inDefault.code, inDefault.stderr).toBe(0);
    const inMgit = await runCli(["release", "create", "--project", key, "--template", name, "--version", "1.0.0", "--env", "staging", "--json"]);
    expect(inMgit.code, inMgit.stderr).toBe(0);
    const created = JSON.parse(inMgit.stdout) as { id: string; version: string; environment: string };
    expect(created).toMatchObject({ id: expect.stringMatching(UUID), version: "1.0.0", environment: "staging" });
    expect(await db.release.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ projectId: project.id });
    expect(await db.release.findUniqueOrThrow({ where: { id: (JSON.parse(inDefault.stdout) as { id: string }).id } })).toMatchObject({ projectId: DEFAULT_PROJECT_ID });

    // A template of another project is not found in this one.
    const releases = await db.release.count();
    const foreign = await runCli(["release", "create", "--project", "default", "--template", templateId, "--version", "1.0.1", "--env", "staging"]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain("(--template: No template with this id or exact name in default");
    expect(await db.release.count()).toBe(releases);

    const listed = await runCli(["release", "list", "--project", key, "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const page = JSON.parse(listed.stdout) as { releases: { id: string; project: { key: string } }[]; total: number };
    expect(page.total).toBe(1);
    expect(page.releases.map((release) => [release.id, release.project.key])).toEqual([[created.id, key]]);
  });

  it("scopes an auditor to listed projects and back to organisation-wide, refusing a non-auditor and an unknown key", async () => {
    const auditor = await createTestUser({ appRole: "auditor" });
    const scoped = await runCli(["project", "auditor", "--user", auditor.email, "--projects", key]);
    expect(scoped.code, scoped.stderr).toBe(0);
    expect(scoped.stdout).toContain(`reads only ${key}`);
    expect((await db.auditorProject.findMany({ where: { userId: auditor.id }, select: { project: { select: { key: true } } } })).map((row) => row.project.key)).toEqual([key]);

    const unknown = await runCli(["project", "auditor", "--user", auditor.email, "--projects", "no-such-project"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no-such-project");
    const member = await createTestUser({ appRole: "member" });
    const notAuditor = await runCli(["project", "auditor", "--user", member.email, "--all"]);
    expect(notAuditor.code).toBe(1);
    expect(notAuditor.stderr).toContain("is not an auditor");

    const wide = await runCli(["project", "auditor", "--user", auditor.email, "--all"]);
    expect(wide.code, wide.stderr).toBe(0);
    expect(wide.stdout).toContain("reads every project (organisation-wide)");
    expect(await db.auditorProject.count({ where: { userId: auditor.id } })).toBe(0);
  });

  it("names --project when the project is unknown, and when it is left out and there is no project default", async () => {
    const unknown = await runCli(["release", "list", "--project", "no-such-project"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe("error: Unknown project. (--project: No project with the key no-such-project; see `countersign project list`.)");

    const owner = await connect(context.database.ownerUrl);
    try {
      await owner.query(`UPDATE projects SET key = 'renamed-default' WHERE key = 'default'`);
      const missing = await runCli(["release", "list"]);
      expect(missing.code).toBe(1);
      expect(missing.stderr.trim()).toBe('error: Which project? (--project: There is no project "default": name one with --project <key> (see `countersign project list`).)');
    } finally {
      await owner.query(`UPDATE projects SET key = 'default' WHERE key = 'renamed-default'`);
      await owner.end();
    }
  });
});
