import type { RoleQuorums } from "../signoffs/quorum";

/**
 * An environment's sign-off policy in short phrases, for the admin table and
 * the confirmation after saving (docs/decisions/023). Pure and client-safe.
 */
export function policyPhrases(policy: {
  allowMultipleRolesPerSigner: boolean;
  creatorMayNotSign: boolean;
  tickerMayNotSign: boolean;
  requirePasskey?: boolean;
  quorums: RoleQuorums;
}): string[] {
  const quorums = Object.entries(policy.quorums).sort(([a], [b]) => a.localeCompare(b));
  return [
    policy.allowMultipleRolesPerSigner ? "One person may sign several roles" : "One role per person",
    policy.creatorMayNotSign ? "The creator may not sign" : "The creator may sign",
    policy.tickerMayNotSign ? "No signing own work" : "Own work may be signed (marked)",
    ...(policy.requirePasskey ? ["Passkey signatures required"] : []),
    ...quorums.map(([role, count]) => `${role}: ${count} signers`),
  ];
}
