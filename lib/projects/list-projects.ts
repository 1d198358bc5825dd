import "server-only";
import { readableProjectIds, type ProjectRole } from "../auth/permissions";
import { sqlQuery } from "../db/sql";
import { SYSTEM_VIEWER, type Viewer } from "../releases/visibility";

export type ProjectSummary = {
  id: string;
  key: string;
  name: string;
  description: string;
  /** The viewer's role in the project, or null (an admin or auditor who is not a member; the system). */
  role: ProjectRole | null;
  memberCount: number;
  /** Releases not yet settled (draft, in progress, awaiting sign-off, approved). */
  openReleases: number;
};

const OPEN = `('draft', 'in_progress', 'awaiting_signoff', 'approved')`;

/**
 * The projects the viewer may read (readableProjectIds, the permission
 * table's rule): every project for admins and organisation-wide auditors,
 * the listed ones for a scoped auditor, their own for a member. By name.
 */
export async function listProjects(viewer: Viewer): Promise<ProjectSummary[]> {
  const readable = viewer === SYSTEM_VIEWER ? "all" : readableProjectIds(viewer);
  if (readable !== "all" && readable.length === 0) return [];
  const roles = new Map(viewer === SYSTEM_VIEWER ? [] : (viewer.projects ?? []).map((membership) => [membership.id, membership.role]));
  const rows = await sqlQuery<Omit<ProjectSummary, "role">>(
    `SELECT p.id::text, p.key, p.name, p.description,
            (SELECT count(*)::int FROM project_members m WHERE m.project_id = p.id) AS "memberCount",
            (SELECT count(*)::int FROM releases r WHERE r.project_id = p.id AND r.status IN ${OPEN}) AS "openReleases"
     FROM projects p
     ${readable === "all" ? "" : "WHERE p.id = ANY($1::uuid[])"}
     ORDER BY lower(p.name), p.key`,
    readable === "all" ? [] : [readable],
  );
  return rows.map((row) => ({ ...row, role: roles.get(row.id) ?? null }));
}
