import "server-only";
import type { Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { type AppRole, can, type ProjectRole } from "../auth/permissions";
import { insertProjectMember } from "../projects/add-project-member";
import { insertRoleHolder } from "../projects/add-role-holder";
import type { FoundUser, LockedProject } from "../projects/project-lookups";
import { deleteProjectMember } from "../projects/remove-project-member";
import { deleteRoleHolder } from "../projects/remove-role-holder";
import { updateProjectMemberRole } from "../projects/set-project-member-role";
import { userSnapshot } from "../users/user-snapshot";

/**
 * Mapped grants follow the provider (issue 13, docs/decisions/027): at each
 * company sign-in the user's groups (the ID token's groups claim) are read
 * against the group mappings, inside the sign-in's transaction:
 *  - a mapped organisation role is set (admin before auditor before member);
 *    a role set by a mapping that no group gives any more goes back to member;
 *  - a mapped project membership is added (maintainer wins over contributor),
 *    and its role changed while it came from a mapping;
 *  - a mapped sign-off role is held in its project;
 *  - a membership or holding that came from a mapping and that no group gives
 *    any more is removed.
 * Grants given by hand (source manual) are never touched. Each change is the
 * project's usual event, with `source: "sso"` and the groups that gave it.
 * Returns whether anything changed (the session version moves when the
 * organisation role does).
 */

const ORG_ROLE_ORDER: AppRole[] = ["admin", "auditor", "member"];
const PROJECT_ROLE_RANK: Record<ProjectRole, number> = { contributor: 1, maintainer: 2 };

type Mapping = { group: string; project: LockedProject | null; projectRole: ProjectRole | null; signoffRole: { id: string; name: string } | null; orgRole: AppRole | null };

export type SyncedUser = FoundUser & { appRoleSource: string };

export async function syncSsoGrants(tx: Tx, context: AuditContext, user: SyncedUser, groups: readonly string[]): Promise<{ changed: boolean }> {
  const rows = groups.length
    ? await tx.ssoGroupMapping.findMany({
        where: { groupName: { in: [...groups] } },
        select: { groupName: true, projectRole: true, orgRole: true, project: { select: { id: true, key: true, name: true } }, signoffRole: { select: { id: true, name: true } } },
      })
    : [];
  const mappings: Mapping[] = rows.map((row) => ({ group: row.groupName, project: row.project, projectRole: row.projectRole, signoffRole: row.signoffRole, orgRole: row.orgRole }));
  let changed = false;

  // The organisation role.
  const orgGroups = (role: AppRole) => mappings.filter((mapping) => mapping.orgRole === role).map((mapping) => mapping.group);
  const mappedRole = ORG_ROLE_ORDER.find((role) => orgGroups(role).length > 0) ?? null;
  let appRole = user.appRole;
  const nextRole: AppRole | null = mappedRole ?? (user.appRoleSource === "sso" ? "member" : null);
  if (nextRole && (nextRole !== user.appRole || (mappedRole && user.appRoleSource !== "sso"))) {
    const before = await userSnapshot(tx, user.id);
    await tx.user.update({
      where: { id: user.id },
      data: { appRole: nextRole, appRoleSource: mappedRole ? "sso" : "manual", ...(nextRole !== user.appRole ? { sessionVersion: { increment: 1 } } : {}) },
    });
    if (nextRole !== user.appRole) {
      await appendAuditEvent(tx, context, {
        type: "user.roles_changed",
        subject: before.subject,
        data: {
          before: { appRole: before.appRole, signoffRoles: before.signoffRoles },
          after: { appRole: nextRole, signoffRoles: before.signoffRoles },
          source: "sso",
          groups: mappedRole ? orgGroups(mappedRole) : [],
        },
      });
      changed = true;
    }
    appRole = nextRole;
  }
  const member: FoundUser = { ...user, appRole };

  // What the groups give in projects (nothing for an auditor: auditors read and do not join).
  // As add-project-member.ts decides it: an organisation role that takes no permission from a project role does not join.
  const joins = can({ appRole, projects: [{ id: user.id, role: "contributor" }] }, "release:create", { id: user.id });
  const wantedMembers = new Map<string, { project: LockedProject; role: ProjectRole; groups: string[] }>();
  const wantedHoldings = new Map<string, { project: LockedProject; role: { id: string; name: string }; groups: string[] }>();
  for (const mapping of joins ? mappings : []) {
    if (!mapping.project) continue;
    const role = mapping.projectRole ?? "contributor";
    const wanted = wantedMembers.get(mapping.project.id);
    if (!wanted) wantedMembers.set(mapping.project.id, { project: mapping.project, role, groups: [mapping.group] });
    else {
      if (PROJECT_ROLE_RANK[role] > PROJECT_ROLE_RANK[wanted.role]) wanted.role = role;
      if (!wanted.groups.includes(mapping.group)) wanted.groups.push(mapping.group);
    }
    if (mapping.signoffRole) {
      const key = `${mapping.project.id}:${mapping.signoffRole.id}`;
      const holding = wantedHoldings.get(key);
      if (!holding) wantedHoldings.set(key, { project: mapping.project, role: mapping.signoffRole, groups: [mapping.group] });
      else if (!holding.groups.includes(mapping.group)) holding.groups.push(mapping.group);
    }
  }

  // Serialise with the project use cases: lock every project touched, in id order.
  const existingMembers = await tx.projectMember.findMany({
    where: { userId: user.id },
    select: { role: true, source: true, project: { select: { id: true, key: true, name: true } } },
  });
  const existingHoldings = await tx.userSignoffRole.findMany({
    where: { userId: user.id },
    select: { projectId: true, source: true, role: { select: { id: true, name: true } } },
  });
  const touched = [...new Set([...wantedMembers.keys(), ...existingMembers.filter((row) => row.source === "sso").map((row) => row.project.id)])].sort();
  if (touched.length) await tx.$queryRaw`SELECT 1 FROM projects WHERE id = ANY(${touched}::uuid[]) ORDER BY id FOR UPDATE`;

  // Removals first: holdings, then memberships, that came from a mapping no group gives any more.
  for (const holding of existingHoldings) {
    if (holding.source !== "sso" || wantedHoldings.has(`${holding.projectId}:${holding.role.id}`)) continue;
    const project = existingMembers.find((row) => row.project.id === holding.projectId)?.project;
    if (!project) continue;
    await deleteRoleHolder(tx, context, project, member, holding.role, { source: "sso", groups: [] });
    changed = true;
  }
  for (const membership of existingMembers) {
    if (membership.source !== "sso" || wantedMembers.has(membership.project.id)) continue;
    await deleteProjectMember(tx, context, membership.project, member, membership.role, { source: "sso", groups: [] });
    changed = true;
  }
  // Additions.
  for (const wanted of wantedMembers.values()) {
    const existing = existingMembers.find((row) => row.project.id === wanted.project.id);
    if (!existing) {
      await insertProjectMember(tx, context, wanted.project, member, wanted.role, { source: "sso", groups: wanted.groups });
      changed = true;
    } else if (existing.source === "sso" && existing.role !== wanted.role) {
      await updateProjectMemberRole(tx, context, wanted.project, member, existing.role, wanted.role, { source: "sso", groups: wanted.groups });
      changed = true;
    }
  }
  for (const [key, wanted] of wantedHoldings) {
    if (existingHoldings.some((row) => `${row.projectId}:${row.role.id}` === key)) continue;
    await insertRoleHolder(tx, context, wanted.project, member, wanted.role, { source: "sso", groups: wanted.groups });
    changed = true;
  }
  return { changed };
}
