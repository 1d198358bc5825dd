import type { AppRole, ProjectRole } from "../db/client";
import { sqlQuery } from "../db/sql";
import { isId } from "../http/parse-id";

/** Who is acting, as loaded fresh from the database for every request. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  appRole: AppRole;
  /** The sign-off roles this user holds, each in one project (who holds a role is set per project; its name is organisation-wide). */
  signoffRoles: { key: string; name: string; projectId: string }[];
  /** The projects this user is a member of, with their role there. */
  projects: { id: string; key: string; name: string; role: ProjectRole }[];
  /** For an auditor: the only projects they may read, or null for every project (organisation-wide). Null for other roles. */
  auditorProjectIds: string[] | null;
  sessionVersion: number;
  /** An admin reset the password: nothing but choosing a new one is allowed (lib/users/reset-password.ts). */
  mustChangePassword: boolean;
};

/**
 * The columns that load a SessionUser (`u`) with its sign-off roles, project
 * memberships and (for an auditor) project scope, each aggregated by a
 * correlated subquery on its own index, so no join multiplies rows. Shared
 * with the API token lookup (lib/tokens/tokens.ts), which loads the token's
 * user in the same statement.
 */
export const SESSION_USER_COLUMNS = `u.id::text, u.email, u.name, u.app_role::text AS "appRole", u.session_version AS "sessionVersion", u.must_change_password AS "mustChangePassword",
  coalesce((SELECT json_agg(json_build_object('key', r.key, 'name', r.name, 'projectId', ur.project_id) ORDER BY r.name, ur.project_id)
            FROM user_signoff_roles ur JOIN signoff_roles r ON r.id = ur.role_id WHERE ur.user_id = u.id), '[]') AS "signoffRoles",
  coalesce((SELECT json_agg(json_build_object('id', p.id, 'key', p.key, 'name', p.name, 'role', m.role) ORDER BY p.name, p.key)
            FROM project_members m JOIN projects p ON p.id = m.project_id WHERE m.user_id = u.id), '[]') AS projects,
  CASE WHEN u.app_role = 'auditor' THEN (SELECT array_agg(a.project_id::text ORDER BY a.project_id) FROM auditor_projects a WHERE a.user_id = u.id) END AS "auditorProjectIds"`;
/** Kept for callers that appended it after FROM users u: the columns above need no join. */
export const SESSION_USER_ROLE_JOINS = ``;

/** The active user with `id`, and whether the session `sessionId` (when given) has been signed out. */
async function queryUser(id: string, sessionId: string | null): Promise<(SessionUser & { ended: boolean }) | null> {
  if (!isId(id)) return null;
  // Every request loads its user: one plain-SQL round trip (ADR 013) with the sign-off roles aggregated.
  const [user] = await sqlQuery<SessionUser & { ended: boolean }>(
    `SELECT ${SESSION_USER_COLUMNS},
            EXISTS (SELECT 1 FROM ended_sessions e WHERE e.session_id = $2::uuid) AS ended
     FROM users u ${SESSION_USER_ROLE_JOINS}
     WHERE u.id = $1::uuid AND u.disabled_at IS NULL
     GROUP BY u.id`,
    [id, sessionId],
  );
  return user ?? null;
}

export async function loadActiveUser(id: string): Promise<SessionUser | null> {
  const user = await queryUser(id, null);
  if (!user) return null;
  const { ended: _ended, ...active } = user;
  return active;
}

/**
 * A session is valid only while its user is active, nothing has bumped their
 * session version, and it has not been signed out (lib/auth/end-session.ts).
 * Sessions issued before session ids existed carry none; they cannot be
 * ended early and simply expire.
 */
export async function userForSession(id: string, sessionVersion: unknown, sessionId?: unknown): Promise<SessionUser | null> {
  if (sessionId !== undefined && (typeof sessionId !== "string" || !isId(sessionId))) return null;
  const user = await queryUser(id, sessionId ?? null);
  if (!user || user.ended || user.sessionVersion !== sessionVersion) return null;
  const { ended: _ended, ...active } = user;
  return active;
}

/** The names of the sign-off roles `user` holds in the project `projectId` (who holds a role is set per project, issue 11). */
export function signoffRolesIn(user: { signoffRoles: readonly { name: string; projectId: string }[] }, projectId: string): string[] {
  return user.signoffRoles.filter((role) => role.projectId === projectId).map((role) => role.name);
}
