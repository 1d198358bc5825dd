import { Check, Clock, TriangleAlert, Undo2 } from "lucide-react";
import type { SignoffView } from "@/lib/signoffs/get-signoffs";
import type { RoleQuorums } from "@/lib/signoffs/quorum";
import { cn } from "@/components/ui/cn";
import { quorumProgress, roleSignoffs, type SignoffGroup } from "@/components/signoffs/signoff-state";

const LOOK = {
  signed: { label: "signed", icon: Check, className: "border-success/30 bg-success-soft text-success-soft-foreground" },
  partial: { label: "partly signed", icon: Clock, className: "border-border bg-card text-foreground" },
  stale: { label: "stale, needs signing again", icon: TriangleAlert, className: "border-warning/40 bg-warning-soft text-warning-soft-foreground" },
  revoked: { label: "revoked", icon: Undo2, className: "border-border bg-muted text-muted-foreground" },
  waiting: { label: "waiting", icon: Clock, className: "border-border bg-card text-muted-foreground" },
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
        Sign-offs {signed}/{roles.length}
      </a>
      <ul className="flex flex-wrap gap-1.5">
        {roles.map((role) => {
          const entry = byRole.get(role)!;
          const look = LOOK[entry.state];
          const Icon = look.icon;
          // A role needing several signers says how far it is: "Security Engineer: 1 of 2 signed".
          const label = entry.quorum > 1 ? `${look.label}, ${quorumProgress(entry)}` : look.label;
          return (
            <li key={role}>
              <a
                href="#signoffs"
                aria-label={`${role}: ${label}`}
                className={cn(
                  "touch-target inline-flex items-center gap-1 rounded-full border px-2 py-0.5 font-medium hover:underline focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring",
                  look.className,
                )}
              >
                <Icon aria-hidden="true" className="size-3" />
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
