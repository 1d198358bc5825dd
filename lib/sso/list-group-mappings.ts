import "server-only";
import { db } from "../db/client";
import type { AppRole, ProjectRole } from "../auth/permissions";

export type GroupMappingView = {
  id: string;
  group: string;
  project: { key: string; name: string } | null;
  projectRole: ProjectRole | null;
  signoffRole: string | null;
  orgRole: AppRole | null;
  createdAt: Date;
};

/** Every group mapping, by group then project (the admin page, `countersign sso list`). */
export async function listGroupMappings(): Promise<GroupMappingView[]> {
  const rows = await db.ssoGroupMapping.findMany({
    select: {
      id: true,
      groupName: true,
      projectRole: true,
      orgRole: true,
      createdAt: true,
      project: { select: { key: true, name: true } },
      signoffRole: { select: { name: true } },
    },
    orderBy: [{ groupName: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    group: row.groupName,
    project: row.project,
    projectRole: row.projectRole,
    signoffRole: row.signoffRole?.name ?? null,
    orgRole: row.orgRole,
    createdAt: row.createdAt,
  }));
}

/** What an event records of a mapping. */
export function mappingSnapshot(view: GroupMappingView) {
  return { group: view.group, project: view.project?.key ?? null, projectRole: view.projectRole, signoffRole: view.signoffRole, orgRole: view.orgRole };
}
