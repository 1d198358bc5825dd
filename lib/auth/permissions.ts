import type { AppRole } from "../db/client";

export type { AppRole };

/**
 * The permission table: the only place application roles are compared
 * (the linter refuses role-name comparisons elsewhere). Read permissions and
 * write permissions are separate types so the auditor's list can only ever
 * hold read permissions: read-only by construction.
 */

export const READ_PERMISSIONS = ["profile:read", "user:read", "release:read", "audit:read", "template:read"] as const;
export const WRITE_PERMISSIONS = [
  "profile:update",
  "user:manage",
  "role:manage",
  "template:manage",
  "environment:manage",
  "release:create",
  "item:update",
  "token:manage",
  "signoff:sign",
  "release:reopen",
] as const;

/**
 * Reading how the running system is doing (/admin/health): for the people
 * who run it, not part of the record an auditor reads, so kept out of
 * READ_PERMISSIONS (everything an auditor may read).
 */
export const OPERATOR_PERMISSIONS = ["health:read"] as const;

/**
 * Looking after one's own sign-in: changing one's own password. Every role
 * has it, auditors included: it changes no record, only the caller's own
 * credentials (docs/decisions/018).
 */
export const SELF_PERMISSIONS = ["password:change"] as const;

export type ReadPermission = (typeof READ_PERMISSIONS)[number];
export type OperatorPermission = (typeof OPERATOR_PERMISSIONS)[number];
export type WritePermission = (typeof WRITE_PERMISSIONS)[number];
export type SelfPermission = (typeof SELF_PERMISSIONS)[number];
export type Permission = ReadPermission | OperatorPermission | WritePermission | SelfPermission;

export const APP_ROLES = ["admin", "member", "auditor"] as const satisfies readonly AppRole[];

export const ROLE_PERMISSIONS = {
  admin: [...READ_PERMISSIONS, ...OPERATOR_PERMISSIONS, ...WRITE_PERMISSIONS, ...SELF_PERMISSIONS],
  member: ["profile:read", "release:read", "template:read", "profile:update", "release:create", "item:update", "token:manage", "signoff:sign", "password:change"],
  auditor: ["profile:read", "user:read", "release:read", "audit:read", "template:read", "password:change"],
} as const satisfies { admin: readonly Permission[]; member: readonly Permission[]; auditor: readonly (ReadPermission | SelfPermission)[] };

export const APP_ROLE_LABELS: Record<AppRole, string> = {
  admin: "Admin",
  member: "Member",
  auditor: "Auditor",
};

export type Subject = { appRole: AppRole; disabled?: boolean };

/** The one authorization check: may this user do this? */
export function can(user: Subject | null | undefined, permission: Permission): boolean {
  if (!user || user.disabled) return false;
  return (ROLE_PERMISSIONS[user.appRole] as readonly Permission[]).includes(permission);
}

export function isWritePermission(permission: Permission): permission is WritePermission {
  return (WRITE_PERMISSIONS as readonly string[]).includes(permission);
}

export function isAppRole(value: string): value is AppRole {
  return (APP_ROLES as readonly string[]).includes(value);
}

/**
 * Which role in the default project a user of `appRole` gets when they join it
 * without one being named (the upgrade's rule, migration 20261207000000, and
 * users created or changed through the pre-projects paths): members become
 * contributors; an admin or auditor joins only to hold a sign-off role, an
 * admin as maintainer. Null: does not join.
 */
export function defaultProjectRoleFor(appRole: AppRole, holdsSignoffRoles: boolean): "maintainer" | "contributor" | null {
  if (appRole === "member") return "contributor";
  if (!holdsSignoffRoles) return null;
  return appRole === "admin" ? "maintainer" : "contributor";
}
