import type { AppRole } from "../db/client";
import { sqlQuery } from "../db/sql";

/** Who is acting, as loaded fresh from the database for every request. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  appRole: AppRole;
  signoffRoles: { key: string; name: string }[];
  sessionVersion: number;
};

export async function loadActiveUser(id: string): Promise<SessionUser | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  // Every request loads its user: one plain-SQL round trip (ADR 013) with the sign-off roles aggregated.
  const [user] = await sqlQuery<SessionUser>(
    `SELECT u.id::text, u.email, u.name, u.app_role::text AS "appRole", u.session_version AS "sessionVersion",
            coalesce(json_agg(json_build_object('key', r.key, 'name', r.name) ORDER BY r.name) FILTER (WHERE r.id IS NOT NULL), '[]') AS "signoffRoles"
     FROM users u
     LEFT JOIN user_signoff_roles ur ON ur.user_id = u.id
     LEFT JOIN signoff_roles r ON r.id = ur.role_id
     WHERE u.id = $1::uuid AND u.disabled_at IS NULL
     GROUP BY u.id`,
    [id],
  );
  return user ?? null;
}

/** A session is valid only while its user is active and nothing has bumped their session version. */
export async function userForSession(id: string, sessionVersion: unknown): Promise<SessionUser | null> {
  const user = await loadActiveUser(id);
  if (!user || user.sessionVersion !== sessionVersion) return null;
  return user;
}
