import "server-only";
import { readableProjectIds, type Subject } from "../auth/permissions";

/**
 * Who is reading: a user (their organisation role, project memberships and,
 * for an auditor, project scope), or the system itself (the CLI and start-up
 * jobs, run by someone with shell access to the server), which reads
 * everything.
 */
export type Viewer = Subject | "system";
export const SYSTEM_VIEWER = "system" as const;

/**
 * Who may see which release: the one place a visibility rule goes. Every read
 * of releases (the list and archive in list-releases.ts, a release with its
 * items in get-release.ts) adds this condition on its `releases` alias, so a
 * release of a project the viewer may not read is simply not found (issue 11:
 * 404, not 403). `param` adds a bound value and returns its placeholder.
 * The rule itself is readableProjectIds in the permission table.
 */
export function visibleReleaseCondition(alias: string, viewer: Viewer, param: (value: unknown) => string): string | null {
  if (viewer === SYSTEM_VIEWER) return null;
  const projects = readableProjectIds(viewer);
  if (projects === "all") return null;
  return `${alias}.project_id = ANY(${param(projects)}::uuid[])`;
}
