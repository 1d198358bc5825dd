/**
 * Quorum: how many distinct people must hold a live signature for a role
 * before the role counts as signed (docs/decisions/023). Set per environment
 * and role (environment_role_quorums); a role without a row needs one.
 * Pure and client-safe: the sign-off rule, the approval, the panel, the
 * certificate and the export all count with these.
 */

export const DEFAULT_QUORUM = 1;
/** The database's bound too (environment_role_quorums_quorum_range). */
export const MAX_QUORUM = 100;

/** Role name -> signers needed, only for roles needing more than one. */
export type RoleQuorums = Record<string, number>;

export const quorumOf = (quorums: RoleQuorums | undefined, role: string): number =>
  quorums && Object.hasOwn(quorums, role) ? (quorums[role] ?? DEFAULT_QUORUM) : DEFAULT_QUORUM;

export const signersWord = (count: number): string => `${count} signer${count === 1 ? "" : "s"}`;

/**
 * The roles still short of their quorum of live signatures (the approval rule:
 * a release is approved when this is empty), each with how many signed and how many it needs.
 */
export function rolesShort(roles: readonly string[], liveRoles: readonly string[], quorums: RoleQuorums | undefined): { role: string; signed: number; quorum: number }[] {
  const signed = new Map<string, number>();
  for (const role of liveRoles) signed.set(role, (signed.get(role) ?? 0) + 1);
  return roles.map((role) => ({ role, signed: signed.get(role) ?? 0, quorum: quorumOf(quorums, role) })).filter((entry) => entry.signed < entry.quorum);
}
