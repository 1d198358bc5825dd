import type { Metadata } from "next";
import Link from "next/link";
import { Inbox } from "lucide-react";
import { requirePermission } from "@/lib/auth/current-user";
import { listInbox } from "@/lib/notifications/inbox";
import { CATEGORY_LABELS } from "@/lib/notifications/categories";
import { formatUtc } from "@/lib/format/utc";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { InboxTabs } from "@/components/notifications/inbox-tabs";
import { MarkReadButton } from "@/components/notifications/mark-read-button";
import { cn } from "@/components/ui/cn";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  const user = await requirePermission("profile:read");
  const entries = await listInbox(user.id);
  const unread = entries.filter((entry) => entry.readAt === null).length;
  return (
    <div className="space-y-6">
      <PageHeader title="Inbox" description="What Countersign told you: assignments, releases ready for your signature, stale signatures, outcomes, blocks and reminders." actions={unread ? <MarkReadButton label="Mark every notification read" /> : null} />
      <InboxTabs />
      {entries.length === 0 ? (
        <EmptyState icon={Inbox} title="Nothing yet" description="When a release needs you, or something you signed changes, it shows up here and on the bell." />
      ) : (
        <ul aria-label="Notifications" className="divide-y divide-border rounded-lg border border-border bg-card">
          {entries.map((entry) => (
            <li key={entry.id} className={cn("flex flex-col gap-2 p-4 sm:flex-row sm:items-start sm:justify-between", entry.readAt === null && "bg-accent/40")}>
              <div className="min-w-0 space-y-1">
                <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                  {entry.readAt === null ? <Badge>Unread</Badge> : null}
                  <span>{CATEGORY_LABELS[entry.category]?.title ?? entry.category}</span>
                  <time dateTime={entry.createdAt.toISOString()}>{formatUtc(entry.createdAt)}</time>
                </div>
                <Link href={entry.path} className="block break-words font-medium text-primary underline-offset-4 hover:underline">
                  {entry.title}
                </Link>
                {entry.body ? <p className="break-words text-sm text-muted-foreground">{entry.body}</p> : null}
              </div>
              {entry.readAt === null ? <MarkReadButton id={entry.id} label={`Mark “${entry.title}” read`} /> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
