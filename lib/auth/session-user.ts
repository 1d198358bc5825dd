import type { AppRole } from "../db/client";
import { sqlQuery } from "../db/sql";
import { isId } from "../http/parse-id";

/** Who is acting, as loaded fresh from the database for every request. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  appRole: AppRole;
  signoffRoles: { key: string; name: string }[];
  sessionVersion: number;
  /** An admin reset the password: nothing but choosing a new one is allowed (lib/users/reset-password.ts). */
  mustChangePassword: boolean;
};

/**
 * The columns and joins that load a SessionUser (`u`) with its sign-off roles
 * aggregated; GROUP BY u.id. Shared with the API token lookup
 * (lib/tokens/tokens.ts), which loads the token's user in the same query.
 */
export const SESSION_USER_COLUMNS = `u.id::text, u.email, u.name, u.app_role::text AS "appRole", u.session_version AS "sessionVersion", u.must_change_password AS "mustChangePassword",
  coalesce(json_agg(json_build_object('key', r.key, 'name', r.name) ORDER BY r.name) FILTER (WHERE r.id IS NOT NULL), '[]') AS "signoffRoles"`;
export const SESSION_USER_ROLE_JOINS = `LEFT JOIN user_signoff_roles ur ON ur.user_id = u.id LEFT JOIN signoff_roles r ON r.id = ur.role_id`;

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
