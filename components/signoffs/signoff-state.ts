import type { SignoffView } from "@/lib/signoffs/get-signoffs";
import { quorumOf, type RoleQuorums } from "@/lib/signoffs/quorum";

export type SignoffGroup = { title: string; roles: string[] };

/**
 * One role's sign-off at a glance: its live signatures against its quorum
 * (distinct signers it needs, docs/decisions/023), and, while it is short of
 * them, the signatures that stopped counting (stale or revoked), newest first.
 */
export type RoleSignoffs = {
  quorum: number;
  /** Live signatures, oldest first (one per signer). */
  live: SignoffView[];
  /** While short of the quorum: the newest no-longer-valid signature of each signer without a live one, newest first, at most as many as are missing. */
  gone: SignoffView[];
  /** signed: the quorum is met; partial: some but not all of it; otherwise the newest gone signature's state, or waiting. */
  state: "signed" | "partial" | "stale" | "revoked" | "waiting";
};

/** Every role's sign-offs (the list comes newest first). */
export function roleSignoffs(roles: string[], signoffs: SignoffView[], quorums: RoleQuorums | undefined): Map<string, RoleSignoffs> {
  const result = new Map<string, RoleSignoffs>();
  for (const role of roles) {
    const quorum = quorumOf(quorums, role);
    const mine = signoffs.filter((signoff) => signoff.role === role);
    const live = mine.filter((signoff) => signoff.status === "active").reverse();
    const liveSigners = new Set(live.map((signoff) => signoff.signerId));
    const gone: SignoffView[] = [];
    if (live.length < quorum) {
      const seen = new Set<string>();
      for (const signoff of mine) {
        if (signoff.status === "active" || liveSigners.has(signoff.signerId) || seen.has(signoff.signerId)) continue;
        seen.add(signoff.signerId);
        if (gone.length < quorum - live.length) gone.push(signoff);
      }
    }
    const state = live.length >= quorum ? "signed" : live.length > 0 ? "partial" : gone[0] ? (gone[0].status === "stale" ? "stale" : "revoked") : "waiting";
    result.set(role, { quorum, live, gone, state });
  }
  return result;
}

export type SignoffCounts = { total: number; signed: number; stale: number; revoked: number };

/** How many of the template's roles have their quorum of live signatures, and how many short ones have a stale or revoked signature. */
export function countSignoffs(groups: SignoffGroup[], signoffs: SignoffView[], quorums: RoleQuorums | undefined): SignoffCounts {
  const roles = groups.flatMap((group) => group.roles);
  const states = roleSignoffs(roles, signoffs, quorums);
  const counts: SignoffCounts = { total: 0, signed: 0, stale: 0, revoked: 0 };
  for (const role of roles) {
    const entry = states.get(role)!;
    counts.total += 1;
    if (entry.state === "signed") counts.signed += 1;
    else if (entry.gone.some((signoff) => signoff.status === "stale")) counts.stale += 1;
    else if (entry.gone.some((signoff) => signoff.status === "revoked")) counts.revoked += 1;
  }
  return counts;
}

/** "1 of 2 signed": a role's progress towards its quorum. */
export const quorumProgress = (entry: Pick<RoleSignoffs, "quorum" | "live">): string => `${Math.min(entry.live.length, entry.quorum)} of ${entry.quorum} signed`;

/** The meaning a signer starts from; they may change it. */
export function defaultMeaning(version: string, environmentName: string, role: string): string {
  return `I approve release ${version} for ${environmentName} as ${role}`;
}
