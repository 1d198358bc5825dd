import type { AppRole, ProjectRole } from "../db/client";

export type { AppRole, ProjectRole };

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
  "project:create",
  "project:manage",
  /** The delivery log of every channel (/admin/deliveries) and retrying a dead delivery (issue 12). */
  "delivery:manage",
] as const;

/**
 * Permissions held per project (issue 11, docs/decisions/022): a member holds
 * them through a project role in that project; an admin in every project; an
 * auditor the read ones in the projects they may read. Checked with the
 * project: can(user, permission, { id }).
 */
export const PROJECT_PERMISSIONS = [
  "release:read",
  "template:read",
  "audit:read",
  "release:create",
  "item:update",
  "signoff:sign",
  "release:reopen",
  "template:manage",
  "environment:manage",
  "project:manage",
] as const satisfies readonly (ReadPermission | WritePermission)[];
export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];

export const PROJECT_ROLES = ["maintainer", "contributor"] as const satisfies readonly ProjectRole[];

/** What each project role may do in its project. Maintainers manage the project (templates, environments, gates, policy, members, role holders, project tokens) and reopen its releases. */
export const PROJECT_ROLE_PERMISSIONS = {
  maintainer: ["release:read", "template:read", "release:create", "item:update", "signoff:sign", "release:reopen", "template:manage", "environment:manage", "project:manage"],
  contributor: ["release:read", "template:read", "release:create", "item:update", "signoff:sign"],
} as const satisfies Record<ProjectRole, readonly ProjectPermission[]>;

export const PROJECT_ROLE_LABELS: Record<ProjectRole, string> = { maintainer: "Maintainer", contributor: "Contributor" };

/**
 * Reading how the running system is doing (/admin/health): for the people
 * who run it, not part of the record an auditor reads, so kept out of
 * READ_PERMISSIONS (everything an auditor may read).
 */
export const OPERATOR_PERMISSIONS = ["health:read"] as const;

/**
 * Looking after one's own sign-in: changing one's own password, registering
 * and removing one's own passkeys. Every role has them, auditors included:
 * they change no record, only the caller's own credentials (docs/decisions/018, 024),
 * and their own notifications: marking them read, choosing what reaches them (issue 12).
 */
export const SELF_PERMISSIONS = ["password:change", "passkey:manage", "notifications:manage"] as const;

export type ReadPermission = (typeof READ_PERMISSIONS)[number];
export type OperatorPermission = (typeof OPERATOR_PERMISSIONS)[number];
export type WritePermission = (typeof WRITE_PERMISSIONS)[number];
export type SelfPermission = (typeof SELF_PERMISSIONS)[number];
export type Permission = ReadPermission | OperatorPermission | WritePermission | SelfPermission;

export const APP_ROLES = ["admin", "member", "auditor"] as const satisfies readonly AppRole[];

/**
 * Organisation roles. An admin does everything in every project; an auditor
 * reads (every project, or only those listed for them); a member's project
 * permissions come from their project roles (PROJECT_ROLE_PERMISSIONS), so
 * their list here holds only what concerns themselves.
 */
export const ROLE_PERMISSIONS = {
  admin: [...READ_PERMISSIONS, ...OPERATOR_PERMISSIONS, ...WRITE_PERMISSIONS, ...SELF_PERMISSIONS],
  member: ["profile:read", "profile:update", "token:manage", "password:change", "passkey:manage", "notifications:manage"],
  auditor: ["profile:read", "user:read", "release:read", "audit:read", "template:read", "password:change", "passkey:manage", "notifications:manage"],
} as const satisfies { admin: readonly Permission[]; member: readonly Permission[]; auditor: readonly (ReadPermission | SelfPermission)[] };

export const APP_ROLE_LABELS: Record<AppRole, string> = {
  admin: "Admin",
  member: "Member",
  auditor: "Auditor",
};

export type Subject = {
  appRole: AppRole;
  disabled?: boolean;
  /** Project memberships (members; admins may have some too). */
  projects?: readonly { id: string; role: ProjectRole }[];
  /** An auditor's project scope: null or absent = every project. */
  auditorProjectIds?: readonly string[] | null;
};

export function isProjectPermission(permission: Permission): permission is ProjectPermission {
  return (PROJECT_PERMISSIONS as readonly string[]).includes(permission);
}

/** The project role's grant, or the organisation role's. */
function projectRoleGrants(role: ProjectRole, permission: ProjectPermission): boolean {
  return (PROJECT_ROLE_PERMISSIONS[role] as readonly ProjectPermission[]).includes(permission);
}

/** May an auditor with this scope read the project (any project when none is named)? */
function auditorReads(user: Subject, project: { id: string } | undefined): boolean {
  if (!user.auditorProjectIds) return true;
  return project ? user.auditorProjectIds.includes(project.id) : user.auditorProjectIds.length > 0;
}

/**
 * The one authorization check: may this user do this, in this project?
 * For a project permission without a project, the answer is whether the user
 * may do it in at least one project (to show a control that leads there).
 */
export function can(user: Subject | null | undefined, permission: Permission, project?: { id: string }): boolean {
  if (!user || user.disabled) return false;
  const byRole = (ROLE_PERMISSIONS[user.appRole] as readonly Permission[]).includes(permission);
  if (!isProjectPermission(permission)) return byRole;
  if (user.appRole === "admin") return byRole;
  if (user.appRole === "auditor") return byRole && auditorReads(user, project);
  const memberships = user.projects ?? [];
  return memberships.some((membership) => (!project || membership.id === project.id) && projectRoleGrants(membership.role, permission));
}

/**
 * The projects whose releases this user may read: "all" (admins, organisation-
 * wide auditors) or their ids. The one rule behind every list's visibility
 * condition (lib/releases/visibility.ts) and the project switcher.
 */
export function readableProjectIds(user: Subject): "all" | string[] {
  if (user.disabled) return [];
  if (user.appRole === "admin") return "all";
  if (user.appRole === "auditor") return user.auditorProjectIds ? [...user.auditorProjectIds] : "all";
  return (user.projects ?? []).filter((membership) => projectRoleGrants(membership.role, "release:read")).map((membership) => membership.id);
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
