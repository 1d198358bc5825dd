import type { ReleaseStatus } from "@/lib/releases/release-status";
import { RELEASE_STATUSES } from "@/lib/releases/release-status";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";

type Variant = NonNullable<BadgeProps["variant"]>;

const ITEM_STATUS: Record<string, { label: string; variant: Variant }> = {
  done: { label: "Done", variant: "success" },
  na: { label: "N/A", variant: "secondary" },
  blocked: { label: "Blocked", variant: "destructive" },
  open: { label: "Open", variant: "outline" },
};

/** An item's state as reconstructed from the trail: done, N/A, blocked or open. */
export function ItemStatusBadge({ status, className }: { status: string; className?: string }) {
  const entry = ITEM_STATUS[status] ?? { label: status, variant: "outline" as const };
  return (
    <Badge variant={entry.variant} className={className} data-item-status={status}>
      {entry.label}
    </Badge>
  );
}

const SIGNOFF_STATUS: Record<string, { label: string; variant: Variant }> = {
  active: { label: "Live", variant: "success" },
  stale: { label: "Stale", variant: "warning" },
  revoked: { label: "Revoked", variant: "destructive" },
  absent: { label: "Not signed yet", variant: "outline" },
};

/** A signature's status at a moment: live, stale, revoked (or not there yet). */
export function SignoffStatusBadge({ status, className }: { status: string; className?: string }) {
  const entry = SIGNOFF_STATUS[status] ?? { label: status, variant: "outline" as const };
  return (
    <Badge variant={entry.variant} className={className}>
      {entry.label}
    </Badge>
  );
}

const isReleaseStatus = (value: string): value is ReleaseStatus => (RELEASE_STATUSES as readonly string[]).includes(value);

/** A release status read back from the trail (a plain string there). */
export function HistoricReleaseStatusBadge({ status, className }: { status: string; className?: string }) {
  return isReleaseStatus(status) ? (
    <ReleaseStatusBadge status={status} className={className} />
  ) : (
    <Badge variant="outline" className={className}>
      {status}
    </Badge>
  );
}
