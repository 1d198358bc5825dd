import "server-only";
import { can } from "../auth/permissions";
import type { AppRole, ProjectRole } from "../db/client";
import { sqlQuery } from "../db/sql";

/** A person an item can be assigned to, or who was assigned to one before. */
export type AssignableUser = { id: string; name: string; assignable: boolean };

/**
 * The one rule for who may be assigned an item of a release in `project`: an
 * active user allowed to update items there (a member of the project, or an
 * admin; not an auditor, not disabled). The release page's list (below) and
 * the item change (lib/releases/set-item-state.ts, for the browser and the API
 * alike) both ask it.
 */
export function isAssignable(user: { appRole: AppRole; disabledAt: Date | null; projects: { id: string; role: ProjectRole }[] }, project: { id: string }): boolean {
  return user.disabledAt === null && can({ appRole: user.appRole, projects: user.projects }, "item:update", project);
}

/** Why an assignee was refused, for the `assigneeId` field. */
export const NOT_ASSIGNABLE_MESSAGE = "This person cannot be assigned items: only active members of this project who may update items (not auditors, not disabled users) can.";

/** The columns isAssignable needs of a user `u`: app role, disabled, and project memberships. */
export const ASSIGNABLE_COLUMNS = `u.app_role::text AS "appRole", u.disabled_at AS "disabledAt",
  coalesce((SELECT json_agg(json_build_object('id', m.project_id, 'role', m.role)) FROM project_members m WHERE m.user_id = u.id), '[]') AS projects`;

/**
 * Every user by name, marking those who may be assigned an item of a release
 * in `project` now. The others stay in the list so an item still shows the
 * name of a person assigned before they were disabled or left the project.
 */
export async function listAssignableUsers(project: { id: string }): Promise<AssignableUser[]> {
  const users = await sqlQuery<{ id: string; name: string; appRole: AppRole; disabledAt: Date | null; projects: { id: string; role: ProjectRole }[] }>(
    `SELECT u.id::text, u.name, ${ASSIGNABLE_COLUMNS} FROM users u ORDER BY u.name`,
  );
  return users.map((user) => ({ id: user.id, name: user.name, assignable: isAssignable(user, project) }));
}
