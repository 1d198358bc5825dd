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
