import "server-only";
import type { AppRole, ProjectRole } from "../auth/permissions";
import { sqlQuery } from "../db/sql";

export type ProjectMemberView = {
  userId: string;
  name: string;
  email: string;
  appRole: AppRole;
  disabled: boolean;
  role: ProjectRole;
  /** The sign-off roles this member holds in the project, by name. */
  signoffRoles: { key: string; name: string }[];
};

/**
 * A project's members with their project role and the sign-off roles they
 * hold there (for the project's settings and the CLI). The caller has
 * checked the viewer may read the project (requireProject / the wrappers).
 */
export async function listProjectMembers(projectId: string): Promise<ProjectMemberView[]> {
  return sqlQuery<ProjectMemberView>(
    `SELECT u.id::text AS "userId", u.name, u.email, u.app_role::text AS "appRole", u.disabled_at IS NOT NULL AS disabled, m.role::text AS role,
            coalesce((SELECT json_agg(json_build_object('key', r.key, 'name', r.name) ORDER BY r.name)
                      FROM user_signoff_roles ur JOIN signoff_roles r ON r.id = ur.role_id
                      WHERE ur.project_id = m.project_id AND ur.user_id = m.user_id), '[]') AS "signoffRoles"
     FROM project_members m JOIN users u ON u.id = m.user_id
     WHERE m.project_id = $1::uuid
     ORDER BY m.role, lower(u.name), u.email`,
    [projectId],
  );
}
