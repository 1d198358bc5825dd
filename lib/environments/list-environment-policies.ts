import "server-only";
import { db } from "../db/client";
import { DEFAULT_PROJECT_ID } from "../projects/default-project";
import type { RoleQuorums } from "../signoffs/quorum";

export type EnvironmentPolicyView = {
  id: string;
  key: string;
  name: string;
  requires: string[];
  allowMultipleRolesPerSigner: boolean;
  creatorMayNotSign: boolean;
  tickerMayNotSign: boolean;
  /** Signatures must be made with a passkey (docs/decisions/024). */
  requirePasskey: boolean;
  /** Role name -> signers needed, only roles needing more than one. */
  quorums: RoleQuorums;
};

/** A sign-off role with how many active members of the project hold it: a quorum may not exceed it. */
export type RoleHolders = { name: string; holders: number };

/**
 * A project's environments with their gates and sign-off policy (separation of
 * duties and quorums, docs/decisions/023), and the organisation's sign-off roles
 * with their active holders in the project, for the environment admin page.
 */
export async function listEnvironmentPolicies(projectId: string = DEFAULT_PROJECT_ID): Promise<{ environments: EnvironmentPolicyView[]; roles: RoleHolders[] }> {
  const [environments, roles] = await Promise.all([
    db.environment.findMany({
      where: { projectId },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      include: { gates: true, quorums: { select: { quorum: true, role: { select: { name: true } } } } },
    }),
    db.signoffRole.findMany({
      orderBy: { createdAt: "asc" },
      select: { name: true, holders: { where: { projectId, user: { disabledAt: null } }, select: { userId: true } } },
    }),
  ]);
  const keyById = new Map(environments.map((environment) => [environment.id, environment.key]));
  return {
    environments: environments.map((environment) => ({
      id: environment.id,
      key: environment.key,
      name: environment.name,
      requires: environment.gates.map((gate) => keyById.get(gate.requiresId) ?? "?"),
      allowMultipleRolesPerSigner: environment.allowMultipleRolesPerSigner,
      creatorMayNotSign: environment.creatorMayNotSign,
      tickerMayNotSign: environment.tickerMayNotSign,
      requirePasskey: environment.requirePasskey,
      quorums: Object.fromEntries(environment.quorums.map((row) => [row.role.name, row.quorum]).sort(([a], [b]) => String(a).localeCompare(String(b)))),
    })),
    roles: roles.map((role) => ({ name: role.name, holders: role.holders.length })),
  };
}
