import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../lib/auth/password";
import { loadActiveUser, userForSession } from "../../lib/auth/session-user";
import { db } from "../../lib/db/client";
import { createSignoffRole } from "../../lib/roles/create-signoff-role";
import { DEFAULT_SIGNOFF_ROLES } from "../../lib/roles/default-signoff-roles";
import { demoUsers, randomUserSpec } from "../../lib/seed/factories";
import { ensureDefaultSignoffRoles, seedDemo } from "../../lib/seed/seed-demo";
import { createUser } from "../../lib/users/create-user";
import { setUserDisabled } from "../../lib/users/set-user-disabled";
import { setUserRoles } from "../../lib/users/set-user-roles";
import { createProject } from "../../lib/projects/create-project";
import { DEFAULT_PROJECT_ID } from "../../lib/projects/default-project";
import { listUsers } from "../../lib/users/list-users";
import { setupTestDatabase } from "../support/database";
import { appErrorOf } from "../support/errors";
import { createTestUser, randomPassword, testContext } from "../support/users";

const roleKeysOf = (user: { signoffRoles: { key: string }[] } | null) => user?.signoffRoles.map((role) => role.key);

describe("users and sign-off roles", () => {
  setupTestDatabase();
  beforeAll(async () => {
    await ensureDefaultSignoffRoles();
  });

  describe("createUser", () => {
    it("creates a user holding the given sign-off roles, with a hashed password", async () => {
      const user = await createTestUser({ appRole: "member", signoffRoles: ["tech-lead", "qa-lead"] });
      const loaded = await loadActiveUser(user.id);
      expect(loaded).toMatchObject({ email: user.spec.email, name: user.spec.name, appRole: "member", sessionVersion: 1 });
      expect(roleKeysOf(loaded)).toEqual(["qa-lead", "tech-lead"]);

      const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
      expect(row.passwordHash).not.toContain(user.password);
      expect(row.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(row.passwordHash, user.password)).toBe(true);
      expect(await verifyPassword(row.passwordHash, `${user.password}x`)).toBe(false);
    });

    it("stores the email trimmed and lowercased", async () => {
      const spec = randomUserSpec();
      const created = await createUser(testContext(), { ...spec, email: `  ${spec.email.toUpperCase()} `, password: randomPassword() });
      expect(created.email).toBe(spec.email);
    });

    it("refuses a duplicate email whatever its case, with an email field error, writing nothing", async () => {
      const existing = await createTestUser();
      const usersBefore = await db.user.count();
      const duplicate = randomUserSpec({ email: existing.spec.email.toUpperCase(), signoffRoles: ["sre-lead"] });

      const error = await appErrorOf(createUser(testContext(), { ...duplicate, password: randomPassword() }));
      expect(error.code).toBe("CONFLICT");
      expect(error.status).toBe(409);
      expect(error.fieldErrors?.email).toEqual(["A user with this email already exists."]);

      expect(await db.user.count()).toBe(usersBefore);
      expect(await db.user.count({ where: { name: duplicate.name } })).toBe(0);
      expect(roleKeysOf(await loadActiveUser(existing.id))).toEqual([]);
    });

    it("refuses an unknown sign-off role as a field error, writing nothing", async () => {
      const spec = randomUserSpec({ signoffRoles: ["tech-lead", "chief-vibes-officer"] });
      const usersBefore = await db.user.count();
      const holdersBefore = await db.userSignoffRole.count();

      const error = await appErrorOf(createUser(testContext(), { ...spec, password: randomPassword() }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors?.signoffRoles).toEqual(["Unknown sign-off role: chief-vibes-officer."]);

      expect(await db.user.count({ where: { email: spec.email } })).toBe(0);
      expect(await db.user.count()).toBe(usersBefore);
      expect(await db.userSignoffRole.count()).toBe(holdersBefore);
    });
  });

  describe("setUserRoles", () => {
    it("changes the roles and ends the user's sessions", async () => {
      const user = await createTestUser({ signoffRoles: ["tech-lead"] });
      const before = await loadActiveUser(user.id);
      const oldVersion = before!.sessionVersion;
      expect(await userForSession(user.id, oldVersion)).not.toBeNull();

      const result = await setUserRoles(testContext(), { userId: user.id, appRole: "auditor", signoffRoles: ["sre-lead", "qa-lead"] });
      expect(result).toEqual({ name: user.spec.name, changed: true });

      const after = await loadActiveUser(user.id);
      expect(after?.appRole).toBe("auditor");
      expect(roleKeysOf(after)).toEqual(["qa-lead", "sre-lead"]);
      expect(after?.sessionVersion).toBe(oldVersion + 1);
      expect(await userForSession(user.id, oldVersion)).toBeNull();
      expect(await userForSession(user.id, oldVersion + 1)).not.toBeNull();
    });

    it("keeps sessions when nothing changes", async () => {
      const user = await createTestUser({ signoffRoles: ["qa-lead", "tech-lead"] });
      const result = await setUserRoles(testContext(), { userId: user.id, appRole: "member", signoffRoles: ["tech-lead", "qa-lead"] });
      expect(result.changed).toBe(false);
      expect(await userForSession(user.id, 1)).not.toBeNull();
    });

    it("refuses an unknown sign-off role and leaves the user as they were", async () => {
      const user = await createTestUser({ signoffRoles: ["tech-lead"] });
      const error = await appErrorOf(setUserRoles(testContext(), { userId: user.id, appRole: "admin", signoffRoles: ["no-such-role"] }));
      expect(error.code).toBe("BAD_REQUEST");
      const after = await userForSession(user.id, 1);
      expect(after?.appRole).toBe("member");
      expect(roleKeysOf(after)).toEqual(["tech-lead"]);
    });

    it("does not let an admin remove their own admin role", async () => {
      const admin = await createTestUser({ appRole: "admin" });
      const error = await appErrorOf(setUserRoles(testContext(admin.id), { userId: admin.id, appRole: "member" }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors?.appRole).toBeDefined();
      expect((await userForSession(admin.id, 1))?.appRole).toBe("admin");
    });

    it("sets the roles held in the named project only, joining the user to it, and says where in the audit event", async () => {
      const key = `p-${randomBytes(4).toString("hex")}`;
      const project = await createProject(testContext(), { key, name: "Roles Project" });
      const user = await createTestUser({ signoffRoles: ["tech-lead"] });
      const result = await setUserRoles(testContext(), { userId: user.id, appRole: "member", project: key, signoffRoles: ["sre-lead", "qa-lead"] });
      expect(result.changed).toBe(true);

      const holdings = await db.userSignoffRole.findMany({ where: { userId: user.id }, select: { projectId: true, role: { select: { key: true } } } });
      const byProject = (projectId: string) => holdings.filter((entry) => entry.projectId === projectId).map((entry) => entry.role.key).sort();
      expect(byProject(DEFAULT_PROJECT_ID)).toEqual(["tech-lead"]);
      expect(byProject(project.id)).toEqual(["qa-lead", "sre-lead"]);
      expect(await db.projectMember.findUnique({ where: { projectId_userId: { projectId: project.id, userId: user.id } } })).toMatchObject({ role: "contributor" });

      const event = await db.auditEvent.findFirst({ where: { type: "user.roles_changed", subject: { path: ["id"], equals: user.id } }, orderBy: { occurredAt: "desc" } });
      expect(event?.data).toMatchObject({ project: { key, name: "Roles Project" }, before: { signoffRoles: [] }, after: { signoffRoles: ["QA Lead", "SRE Lead"] } });

      const listed = (await listUsers()).find((entry) => entry.id === user.id);
      expect(listed?.signoffRoles.map((role) => `${role.project.key}:${role.key}`).sort()).toEqual(["default:tech-lead", `${key}:qa-lead`, `${key}:sre-lead`]);

      // The same roles again in that project change nothing; the default project's role is untouched.
      expect((await setUserRoles(testContext(), { userId: user.id, appRole: "member", project: key, signoffRoles: ["qa-lead", "sre-lead"] })).changed).toBe(false);
    });

    it("refuses an unknown project, naming the field, and writes nothing", async () => {
      const user = await createTestUser({ signoffRoles: ["tech-lead"] });
      const error = await appErrorOf(setUserRoles(testContext(), { userId: user.id, appRole: "admin", project: "no-such-project", signoffRoles: ["qa-lead"] }));
      expect(error.fieldErrors?.project).toEqual(["No project with the key no-such-project."]);
      expect((await userForSession(user.id, 1))?.appRole).toBe("member");
      const created = await appErrorOf(createUser(testContext(), { ...randomUserSpec(), password: randomPassword(), project: "no-such-project" }));
      expect(created.fieldErrors?.project).toEqual(["No project with the key no-such-project."]);
    });

    it("creates a user in the named project with their roles there", async () => {
      const key = `p-${randomBytes(4).toString("hex")}`;
      const project = await createProject(testContext(), { key, name: "Home Project" });
      const spec = randomUserSpec({ appRole: "member", signoffRoles: ["qa-lead"] });
      const created = await createUser(testContext(), { ...spec, password: randomPassword(), project: key });
      const memberships = await db.projectMember.findMany({ where: { userId: created.id }, select: { projectId: true, role: true } });
      expect(memberships).toEqual([{ projectId: project.id, role: "contributor" }]);
      const holdings = await db.userSignoffRole.findMany({ where: { userId: created.id }, select: { projectId: true } });
      expect(holdings).toEqual([{ projectId: project.id }]);
    });

    it("answers NOT_FOUND for an unknown user", async () => {
      const error = await appErrorOf(setUserRoles(testContext(), { userId: "00000000-0000-4000-8000-000000000000", appRole: "member" }));
      expect(error.code).toBe("NOT_FOUND");
    });
  });

  describe("setUserDisabled", () => {
    it("disabling ends the user's sessions, re-enabling does not revive them", async () => {
      const admin = await createTestUser({ appRole: "admin" });
      const user = await createTestUser();
      const oldVersion = (await loadActiveUser(user.id))!.sessionVersion;

      expect(await setUserDisabled(testContext(admin.id), user.id, true)).toEqual({ name: user.spec.name, changed: true });
      expect(await userForSession(user.id, oldVersion)).toBeNull();
      expect(await loadActiveUser(user.id)).toBeNull();
      const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.disabledAt).toBeInstanceOf(Date);
      expect(row.sessionVersion).toBe(oldVersion + 1);

      await setUserDisabled(testContext(admin.id), user.id, false);
      expect(await userForSession(user.id, oldVersion)).toBeNull();
      expect(await userForSession(user.id, oldVersion + 1)).not.toBeNull();
    });

    it("does not let an admin disable themself", async () => {
      const admin = await createTestUser({ appRole: "admin" });
      const error = await appErrorOf(setUserDisabled(testContext(admin.id), admin.id, true));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toBe("You cannot disable your own account.");
      expect(await userForSession(admin.id, 1)).not.toBeNull();
    });

    it("answers NOT_FOUND for an unknown user", async () => {
      const error = await appErrorOf(setUserDisabled(testContext(), "00000000-0000-4000-8000-000000000000", true));
      expect(error.code).toBe("NOT_FOUND");
    });
  });

  describe("createSignoffRole", () => {
    it("creates a role that users can then hold, and refuses a duplicate name", async () => {
      const suffix = randomBytes(4).toString("hex");
      const name = `Release Captain ${suffix}`;
      const role = await createSignoffRole(testContext(), { name: `  ${name} ` });
      expect(role).toEqual({ key: `release-captain-${suffix}`, name });

      const holder = await createTestUser({ signoffRoles: [role.key] });
      expect(roleKeysOf(await loadActiveUser(holder.id))).toEqual([role.key]);

      for (const duplicate of [name, name.toUpperCase(), `release-captain ${suffix}`]) {
        const error = await appErrorOf(createSignoffRole(testContext(), { name: duplicate }));
        expect(error.code, duplicate).toBe("CONFLICT");
        expect(error.fieldErrors?.name, duplicate).toEqual(["A sign-off role with this name already exists."]);
      }
      expect(await db.signoffRole.count({ where: { key: role.key } })).toBe(1);
    });

    it("refuses a name without letters or digits", async () => {
      const before = await db.signoffRole.count();
      const error = await appErrorOf(createSignoffRole(testContext(), { name: "- & -" }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors?.name).toBeDefined();
      expect(await db.signoffRole.count()).toBe(before);
    });
  });
});

describe("seedDemo", () => {
  // seedDemo only seeds an empty database: it gets one of its own.
  setupTestDatabase();

  it("seeds the default roles, the projects mgit and billing and 13 demo users once, then does nothing", async () => {
    const password = randomPassword();
    const first = await seedDemo(password);
    expect(first.seeded).toBe(true);
    if (!first.seeded) return;
    expect(first.generated).toBe(false);
    expect(first.password).toBe(password);
    expect(first.users).toHaveLength(13);

    expect(await db.signoffRole.count()).toBe(DEFAULT_SIGNOFF_ROLES.length);
    expect(await db.user.count()).toBe(13);
    expect(await db.user.count({ where: { appRole: "admin" } })).toBe(1);
    expect(await db.user.count({ where: { appRole: "auditor" } })).toBe(1);
    expect(await db.user.count({ where: { appRole: "member" } })).toBe(11);
    // Each demo user is in exactly the projects the factory names, with those roles held there.
    const roleName = (key: string) => DEFAULT_SIGNOFF_ROLES.find((role) => role.key === key)!.name;
    for (const spec of demoUsers()) {
      const row = await db.user.findUniqueOrThrow({ where: { email: spec.email }, select: { id: true } });
      const user = (await loadActiveUser(row.id))!;
      const keyOf = (projectId: string) => user.projects.find((project) => project.id === projectId)?.key;
      expect(user.projects.map((project) => `${project.key}:${project.role}`).sort(), spec.email).toEqual(spec.memberships.map((membership) => `${membership.project}:${membership.role}`).sort());
      expect(user.signoffRoles.map((role) => `${keyOf(role.projectId)}:${role.name}`).sort(), spec.email).toEqual(
        spec.memberships.flatMap((membership) => membership.signoffRoles.map((key) => `${membership.project}:${roleName(key)}`)).sort(),
      );
    }
    // mgit: all eight roles held, by eight different people; billing: three, by other people except Quinn Assure (QA Lead of mgit, billing's Security Engineer).
    const holders = async (key: string) =>
      (await db.userSignoffRole.findMany({ where: { member: { project: { key } } }, select: { user: { select: { email: true } }, role: { select: { name: true } } } })).map((entry) => `${entry.role.name}: ${entry.user.email}`).sort();
    expect(await holders("mgit")).toEqual(DEFAULT_SIGNOFF_ROLES.map((role) => `${role.name}: ${role.key}@countersign.test`).sort());
    expect(await holders("billing")).toEqual(["QA Lead: billing-qa@countersign.test", "Security Engineer: qa-lead@countersign.test", "Tech Lead: billing-lead@countersign.test"]);
    // Each project has its template and its environments; default stays empty, with no members.
    for (const [key, template] of [["mgit", "mgit Production Deployment Checklist"], ["billing", "Billing Service Release Checklist"]] as const) {
      expect((await db.template.findMany({ where: { project: { key } }, select: { name: true } })).map((entry) => entry.name)).toEqual([template]);
      expect((await db.environment.findMany({ where: { project: { key } }, orderBy: { position: "asc" }, select: { key: true } })).map((entry) => entry.key)).toEqual(["staging", "production"]);
    }
    expect(await db.projectMember.count({ where: { project: { key: "default" } } })).toBe(0);
    expect(await db.template.count({ where: { project: { key: "default" } } })).toBe(0);
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@countersign.test" } });
    expect(await verifyPassword(admin.passwordHash, password)).toBe(true);

    const second = await seedDemo(randomPassword());
    expect(second).toEqual({ seeded: false });
    expect(await db.user.count()).toBe(13);
    expect(await db.signoffRole.count()).toBe(DEFAULT_SIGNOFF_ROLES.length);
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).passwordHash, password)).toBe(true);
  });
});
