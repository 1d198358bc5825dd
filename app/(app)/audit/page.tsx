import type { Metadata } from "next";
import Link from "next/link";
import { ScrollText } from "lucide-react";
import { requirePermission } from "@/lib/auth/current-user";
import { listEvents, listEventsSchema } from "@/lib/audit/list-events";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { VerifyTrailButton } from "@/components/audit/verify-trail-button";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditLogPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission("audit:read");
  const raw = Object.fromEntries(
    Object.entries(await searchParams).flatMap(([key, value]) => (typeof value === "string" && value !== "" ? [[key, value]] : [])),
  );
  const parsed = listEventsSchema.safeParse(raw);
  const result = parsed.success ? await listEvents(raw, user) : undefined;
  const nextHref = result?.nextBefore ? `/audit?${new URLSearchParams({ ...raw, before: result.nextBefore }).toString()}` : undefined;

  return (
    <div className="space-y-8">
      <PageHeader
        title="Audit log"
        description="Every change, sign-in and refusal, append-only and hash-chained. Times are UTC."
      />
      <Card>
        <CardHeader>
          <CardTitle>Integrity</CardTitle>
          <CardDescription>Recompute every hash and compare the chain heads with the signed checkpoints.</CardDescription>
        </CardHeader>
        <CardContent>
          <VerifyTrailButton />
        </CardContent>
      </Card>
      <AuditFilters values={raw} />
      {!parsed.success ? (
        <Alert variant="destructive">
          <AlertDescription>{parsed.error.issues.map((issue) => `${String(issue.path[0] ?? "filter")}: ${issue.message}`).join(" ")}</AlertDescription>
        </Alert>
      ) : result && result.events.length === 0 ? (
        <EmptyState icon={ScrollText} title="No events match" description="Change or clear the filters to see more." />
      ) : result ? (
        <div className="space-y-4">
          <AuditEventsTable events={result.events} />
          <div className="flex justify-end gap-2">
            {raw.before ? (
              <Button asChild variant="ghost">
                <Link href="/audit">Newest</Link>
              </Button>
            ) : null}
            {nextHref ? (
              <Button asChild variant="outline">
                <Link href={nextHref}>Older events</Link>
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
