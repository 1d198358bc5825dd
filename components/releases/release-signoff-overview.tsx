import type { SignoffView } from "@/lib/signoffs/get-signoffs";
import type { RoleQuorums } from "@/lib/signoffs/quorum";
import { quorumProgress, roleSignoffs, type SignoffGroup } from "@/components/signoffs/signoff-state";

/** Each state's words; its look (colours and icon) is `.so-chip[data-state]` in app/globals.css. */
const LABEL = {
  signed: "signed",
  partial: "partly signed",
  stale: "stale, needs signing again",
  revoked: "revoked",
  waiting: "waiting",
} as const;

/**
 * The sign-offs at a glance, at the top of the release page: each role and
 * its state, one chip each, every chip a link down to the sign-off panel.
 */
export function ReleaseSignoffOverview({ groups, signoffs, quorums }: { groups: SignoffGroup[]; signoffs: SignoffView[]; quorums?: RoleQuorums }) {
  const roles = groups.flatMap((group) => group.roles);
  if (roles.length === 0) return null;
  const byRole = roleSignoffs(roles, signoffs, quorums);
  const signed = roles.filter((role) => byRole.get(role)?.state === "signed").length;
  return (
    <nav aria-label="Sign-off summary" className="flex flex-wrap items-center gap-2 text-xs">
      <a href="#signoffs" className="touch-target inline-flex items-center rounded-sm font-medium text-primary underline-offset-4 hover:underline focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring">
        {`Sign-offs ${signed}/${roles.length}`}
      </a>
      <ul className="flex flex-wrap gap-1.5">
        {roles.map((role) => {
          const entry = byRole.get(role)!;
          // A role needing several signers says how far it is: "Security Engineer: 1 of 2 signed".
          const label = entry.quorum > 1 ? `${LABEL[entry.state]}, ${quorumProgress(entry)}` : LABEL[entry.state];
          return (
            <li key={role}>
              <a href="#signoffs" aria-label={`${role}: ${label}`} data-state={entry.state} className="touch-target so-chip">
                {role}
                {entry.quorum > 1 ? <span className="tabular-nums opacity-80">{` ${Math.min(entry.live.length, entry.quorum)}/${entry.quorum}`}</span> : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
