import { describe, expect, it } from "vitest";
import {
  APP_ROLES,
  can,
  isWritePermission,
  READ_PERMISSIONS,
  ROLE_PERMISSIONS,
  WRITE_PERMISSIONS,
  type Permission,
} from "../../lib/auth/permissions";

const ALL_PERMISSIONS: Permission[] = [...READ_PERMISSIONS, ...WRITE_PERMISSIONS];

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

  it("member cannot manage users or roles, but can update their profile and read releases", () => {
    expect(can({ appRole: "member" }, "user:manage")).toBe(false);
    expect(can({ appRole: "member" }, "role:manage")).toBe(false);
    expect(can({ appRole: "member" }, "profile:update")).toBe(true);
    expect(can({ appRole: "member" }, "release:read")).toBe(true);
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
