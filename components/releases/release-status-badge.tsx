import type { ReleaseStatus } from "@/lib/releases/release-status";
import { STATUS_LABELS } from "@/lib/releases/release-status";
import { Badge, type BadgeProps } from "@/components/ui/badge";

const VARIANTS: Record<ReleaseStatus, NonNullable<BadgeProps["variant"]>> = {
  draft: "secondary",
  in_progress: "outline",
  awaiting_signoff: "warning",
  approved: "success",
  deployed: "success",
  rolled_back: "destructive",
  cancelled: "secondary",
};

export function ReleaseStatusBadge({ status, className }: { status: ReleaseStatus; className?: string }) {
  return (
    <Badge variant={VARIANTS[status]} className={className}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
