import { describe, expect, it } from "vitest";
import {
  APP_ROLES,
  can,
  isWritePermission,
  PROJECT_PERMISSIONS,
  PROJECT_ROLE_PERMISSIONS,
  PROJECT_ROLES,
  readableProjectIds,
  READ_PERMISSIONS,
  ROLE_PERMISSIONS,
  WRITE_PERMISSIONS,
  type Permission,
} from "../../lib/auth/permissions";

const ALL_PERMISSIONS: Permission[] = [...READ_PERMISSIONS, ...WRITE_PERMISSIONS];
const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";

describe("permission table", () => {
  it.each(WRITE_PERMISSIONS)("auditor does not hold the write permission %s", (permission) => {
    expect(can({ appRole: "auditor" }, permission)).toBe(false);
  });

  it("auditor's list holds no write permission at all", () => {
    expect((ROLE_PERMISSIONS.auditor as readonly Permission[]).filter(isWritePermission)).toEqual([]);
  });

  it.each(READ_PERMISSIONS)("auditor may read: %s", (permission) => {
    expect(can({ appRole: "auditor" }, permission)).toBe(true);
  });

  it.each(ALL_PERMISSIONS)("admin holds %s", (permission) => {
    expect(can({ appRole: "admin" }, permission)).toBe(true);
  });

  it("member cannot manage users or roles, but can update their profile; reads releases only of their projects", () => {
    expect(can({ appRole: "member" }, "user:manage")).toBe(false);
    expect(can({ appRole: "member" }, "role:manage")).toBe(false);
    expect(can({ appRole: "member" }, "profile:update")).toBe(true);
    expect(can({ appRole: "member" }, "release:read")).toBe(false);
    expect(can({ appRole: "member", projects: [{ id: A, role: "contributor" }] }, "release:read")).toBe(true);
  });

  describe("the project dimension (issue 11)", () => {
    const contributorOfA = { appRole: "member" as const, projects: [{ id: A, role: "contributor" as const }] };
    const maintainerOfA = { appRole: "member" as const, projects: [{ id: A, role: "maintainer" as const }] };

    it.each(PROJECT_ROLES.flatMap((role) => PROJECT_PERMISSIONS.map((permission) => [role, permission] as const)))(
      "a %s of A holds %s in A exactly as the project role table says, and never in B",
      (role, permission) => {
        const user = { appRole: "member" as const, projects: [{ id: A, role }] };
        expect(can(user, permission, { id: A })).toBe((PROJECT_ROLE_PERMISSIONS[role] as readonly string[]).includes(permission));
        expect(can(user, permission, { id: B })).toBe(false);
      },
    );

    it("maintainers manage their project; contributors do not", () => {
      for (const permission of ["template:manage", "environment:manage", "project:manage", "release:reopen"] as const) {
        expect(can(maintainerOfA, permission, { id: A })).toBe(true);
        expect(can(contributorOfA, permission, { id: A })).toBe(false);
      }
    });

    it("an auditor scoped to A reads A only and writes nowhere; an organisation-wide auditor reads every project", () => {
      const scoped = { appRole: "auditor" as const, auditorProjectIds: [A] };
      const wide = { appRole: "auditor" as const, auditorProjectIds: null };
      expect(can(scoped, "release:read", { id: A })).toBe(true);
      expect(can(scoped, "release:read", { id: B })).toBe(false);
      expect(can(wide, "release:read", { id: B })).toBe(true);
      for (const permission of WRITE_PERMISSIONS) {
        expect(can(scoped, permission, { id: A })).toBe(false);
        expect(can(wide, permission, { id: B })).toBe(false);
      }
      expect(readableProjectIds(scoped)).toEqual([A]);
      expect(readableProjectIds(wide)).toBe("all");
    });

    it("admins hold every permission in every project; members read only their projects", () => {
      for (const permission of PROJECT_PERMISSIONS) expect(can({ appRole: "admin" }, permission, { id: B })).toBe(true);
      expect(readableProjectIds({ appRole: "admin" })).toBe("all");
      expect(readableProjectIds({ appRole: "member", projects: [{ id: A, role: "contributor" }, { id: B, role: "maintainer" }] })).toEqual([A, B]);
      expect(readableProjectIds({ appRole: "member" })).toEqual([]);
    });
  });

  it("a disabled user can do nothing, whatever their role", () => {
    for (const appRole of APP_ROLES) {
      for (const permission of ALL_PERMISSIONS) {
        expect(can({ appRole, disabled: true }, permission), `${appRole} ${permission}`).toBe(false);
      }
    }
  });

  it("nobody (null or undefined) can do anything", () => {
    for (const permission of ALL_PERMISSIONS) {
      expect(can(null, permission)).toBe(false);
      expect(can(undefined, permission)).toBe(false);
    }
  });

  it("classifies write permissions", () => {
    expect(WRITE_PERMISSIONS.every(isWritePermission)).toBe(true);
    expect(READ_PERMISSIONS.some(isWritePermission)).toBe(false);
  });
});
