import "server-only";
import { cache } from "react";
import { can, type Permission } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { listProjects, type ProjectSummary } from "@/lib/projects/list-projects";

/** The projects this user may read (lib/projects/list-projects.ts), once per request: the header, the overview and the old-URL redirects share it. */
export const readableProjects = cache(async (user: SessionUser): Promise<ProjectSummary[]> => listProjects(user));

/**
 * The project the user's project links lead to when they are not in one:
 * the first they are a member of where they hold `permission`, else the one
 * with the most members (an admin or auditor, who is in none), else none.
 */
export function firstProject(user: SessionUser, projects: ProjectSummary[], permission: Permission = "release:read"): ProjectSummary | null {
  const allowed = projects.filter((project) => can(user, permission, project));
  return allowed.find((project) => project.role !== null) ?? [...allowed].sort((a, b) => b.memberCount - a.memberCount)[0] ?? null;
}
