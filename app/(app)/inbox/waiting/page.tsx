import type { Metadata } from "next";
import Link from "next/link";
import { CheckCircle2 } from "lucide-react";
import { requirePermission } from "@/lib/auth/current-user";
import { waitingForMe } from "@/lib/notifications/waiting-for-me";
import { formatUtc } from "@/lib/format/utc";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { InboxTabs } from "@/components/notifications/inbox-tabs";

export const metadata: Metadata = { title: "Waiting for me" };

export default async function WaitingPage() {
  const user = await requirePermission("profile:read");
  const entries = await waitingForMe(user);
  return (
    <div className="space-y-6">
      <PageHeader title="Waiting for me" description="Items assigned to you, and releases waiting for a role you hold, the longest-waiting first." />
      <InboxTabs />
      {entries.length === 0 ? (
        <EmptyState icon={CheckCircle2} title="Nothing is waiting for you" description="No open item is assigned to you and no release waits for a role you hold." />
      ) : (
        <ol aria-label="Waiting for me" className="divide-y divide-border rounded-lg border border-border bg-card">
          {entries.map((entry) => (
            <li key={entry.kind === "item" ? `${entry.path}:${entry.itemTitle}` : `${entry.path}:${entry.role}`} className="flex flex-col gap-1 p-4">
              <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                {entry.kind === "role" ? <Badge variant="warning">Sign as {entry.role}</Badge> : <Badge variant={entry.status === "blocked" ? "destructive" : "secondary"}>{entry.status === "blocked" ? "Blocked item" : "Assigned item"}</Badge>}
                <span>{entry.projectKey}</span>
                <span>waiting since {formatUtc(entry.since)}</span>
              </div>
              <Link href={entry.path} className="break-words font-medium text-primary underline-offset-4 hover:underline">
                {entry.kind === "role" ? `${entry.releaseLabel} is ready for your signature as ${entry.role}` : `${entry.itemTitle} (${entry.releaseLabel})`}
              </Link>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
