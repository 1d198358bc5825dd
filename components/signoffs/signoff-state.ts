import type { SignoffView } from "@/lib/signoffs/get-signoffs";

export type SignoffGroup = { title: string; roles: string[] };

/** The newest signature of each role (the list comes newest first); older ones are history. */
export function latestByRole(signoffs: SignoffView[]): Map<string, SignoffView> {
  const latest = new Map<string, SignoffView>();
  for (const signoff of signoffs) if (!latest.has(signoff.role)) latest.set(signoff.role, signoff);
  return latest;
}

export type SignoffCounts = { total: number; signed: number; stale: number; revoked: number };

/** How many of the template's roles have a live signature, and how many newest signatures went stale or were revoked. */
export function countSignoffs(groups: SignoffGroup[], signoffs: SignoffView[]): SignoffCounts {
  const latest = latestByRole(signoffs);
  const counts: SignoffCounts = { total: 0, signed: 0, stale: 0, revoked: 0 };
  for (const role of groups.flatMap((group) => group.roles)) {
    counts.total += 1;
    const status = latest.get(role)?.status;
    if (status === "active") counts.signed += 1;
    else if (status === "stale") counts.stale += 1;
    else if (status === "revoked") counts.revoked += 1;
  }
  return counts;
}

/** The meaning a signer starts from; they may change it. */
export function defaultMeaning(version: string, environmentName: string, role: string): string {
  return `I approve release ${version} for ${environmentName} as ${role}`;
}
