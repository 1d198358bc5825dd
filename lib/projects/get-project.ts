import "server-only";
import { can, type ProjectRole } from "../auth/permissions";
import { sqlQuery } from "../db/sql";
import { SYSTEM_VIEWER, type Viewer } from "../releases/visibility";
import { PROJECT_KEY_PATTERN } from "./project.schema";

export type ProjectView = {
  id: string;
  key: string;
  name: string;
  description: string;
  /** How long a role may keep a ready release waiting before it is reminded (issue 12). */
  reminderIntervalMinutes: number;
  createdAt: Date;
  /** The viewer's role in the project, or null (an admin or auditor who is not a member; the system). */
  role: ProjectRole | null;
};

/**
 * The project with this key, or null when there is none or the viewer may
 * not read it: the two are not told apart (a project's existence does not
 * leak; callers answer 404).
 */
export async function getProject(key: string, viewer: Viewer): Promise<ProjectView | null> {
  if (!PROJECT_KEY_PATTERN.test(key)) return null;
  const [project] = await sqlQuery<Omit<ProjectView, "role">>(
    `SELECT id::text, key, name, description, reminder_interval_minutes AS "reminderIntervalMinutes", created_at AS "createdAt" FROM projects WHERE key = $1`,
    [key],
  );
  if (!project) return null;
  if (viewer === SYSTEM_VIEWER) return { ...project, role: null };
  if (!can(viewer, "release:read", project)) return null;
  return { ...project, role: viewer.projects?.find((membership) => membership.id === project.id)?.role ?? null };
}
