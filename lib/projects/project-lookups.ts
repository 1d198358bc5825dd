import "server-only";
import type { Tx } from "../db/client";
import { AppError } from "../errors/app-error";
import { isId } from "../http/parse-id";
import type { AppRole, ProjectRole } from "../auth/permissions";
import { roleKeyFor } from "../roles/default-signoff-roles";

/**
 * The lookups the project use cases share, inside their transaction: each
 * miss is a field error naming what the caller typed (project, user, role),
 * and nothing has been written yet.
 */

export type LockedProject = { id: string; key: string; name: string };

/** The project with this key, its row locked for the rest of the transaction (membership changes of one project are serialised). */
export async function lockProjectByKey(tx: Tx, key: string): Promise<LockedProject> {
  const [project] = await tx.$queryRaw<LockedProject[]>`SELECT id::text, key, name FROM projects WHERE key = ${key} FOR UPDATE`;
  if (!project) throw new AppError("NOT_FOUND", `No project with the key ${key}.`, { project: [`No project with the key ${key}.`] });
  return project;
}

export type FoundUser = { id: string; email: string; name: string; appRole: AppRole };

/** An active user, by email (any case) or id. */
export async function findActiveUser(tx: Tx, ref: string): Promise<FoundUser> {
  const user = await tx.user.findFirst({
    where: { disabledAt: null, ...(isId(ref) ? { id: ref.toLowerCase() } : { email: { equals: ref, mode: "insensitive" } }) },
    select: { id: true, email: true, name: true, appRole: true },
  });
  if (!user) throw new AppError("NOT_FOUND", "No active user with this email.", { user: ["No active user with this email."] });
  return user;
}

/** A user's membership of a project, or a field error when they are not a member. */
export async function requireMembership(tx: Tx, project: LockedProject, user: FoundUser): Promise<{ role: ProjectRole }> {
  const membership = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId: project.id, userId: user.id } }, select: { role: true } });
  if (!membership) {
    const message = `${user.name} is not a member of ${project.name}; add them to the project first.`;
    throw new AppError("BAD_REQUEST", message, { user: [message] });
  }
  return membership;
}

/** An organisation-wide sign-off role, named by key (tech-lead) or name (Tech Lead, any case). */
export async function findSignoffRole(tx: Tx, ref: string): Promise<{ id: string; key: string; name: string }> {
  const key = roleKeyFor(ref);
  const role = key
    ? await tx.signoffRole.findFirst({ where: { OR: [{ key }, { name: { equals: ref, mode: "insensitive" } }] }, select: { id: true, key: true, name: true } })
    : null;
  if (!role) throw new AppError("BAD_REQUEST", "Unknown sign-off role.", { role: ["Unknown sign-off role."] });
  return role;
}

/**
 * Where a grant (a membership, a sign-off role holding) comes from: given by
 * hand, or by a group mapping at a company sign-in (lib/sso/sync-sso-grants.ts),
 * with the groups that gave it. Only grants from a mapping follow the provider.
 */
export type GrantSource = { source: "manual" } | { source: "sso"; groups: string[] };
export const MANUAL: GrantSource = { source: "manual" };
/** What an event records of a grant's source: nothing for a grant by hand (as before issue 13). */
export const sourceData = (grant: GrantSource) => (grant.source === "sso" ? { source: "sso" as const, groups: grant.groups } : {});

export const projectSubject = (project: LockedProject) => ({ kind: "project", id: project.id, label: project.name });
export const memberSnapshot = (user: FoundUser) => ({ email: user.email, name: user.name });
