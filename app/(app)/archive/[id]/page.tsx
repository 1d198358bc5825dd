import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ArrowLeft, Download, ScrollText } from "lucide-react";
import { getCurrentUser, requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { compareReleaseMoments } from "@/lib/audit/compare-release-moments";
import { getPublicKey } from "@/lib/audit/get-public-key";
import { releaseAsOf, releaseTimeline } from "@/lib/audit/release-history";
import { wholeNumberField } from "@/lib/http/parse-id";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";
import { formatUtc } from "@/components/audit/audit-events-table";
import { AsOfChecklist } from "@/components/archive/as-of-checklist";
import { CompareForm, CompareResult } from "@/components/archive/compare-moments";
import { KeyFingerprint } from "@/components/archive/key-fingerprint";
import { ReleaseTimeline } from "@/components/archive/release-timeline";
import { TimelineFilters } from "@/components/archive/timeline-filters";
import { filterTimeline, isEventKind, timelineActors } from "@/components/archive/timeline-groups";
import { VerifyReleaseTrail } from "@/components/archive/verify-release-trail";
import { loadRelease } from "@/app/_lib/load-release";

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const user = await getCurrentUser();
  if (!can(user, "audit:read")) return { title: "Not found" };
  const view = await loadRelease((await params).id);
  return { title: view ? `History of ${view.environment.name} ${view.version}` : "Not found" };
}

const momentsSchema = z.object({
  asOf: wholeNumberField("asOf", { min: 1 }).optional(),
  from: wholeNumberField("from", { min: 1 }).optional(),
  to: wholeNumberField("to", { min: 1 }).optional(),
  show: z.enum(["all", "changed"], { message: "show must be all or changed." }).default("all"),
});

export default async function ArchivedReleasePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  await requirePermission("audit:read");
  const view = await loadRelease((await params).id);
  if (!view) notFound();
  const query = await searchParams;
  const raw: Record<string, string> = {};
  for (const key of ["asOf", "from", "to", "show"] as const) {
    const value = query[key];
    if (typeof value === "string" && value.trim() !== "") raw[key] = value.trim();
  }
  const parsed = momentsSchema.safeParse(raw);
  const moments = parsed.success ? parsed.data : { show: "all" as const };
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);

  const timeline = await releaseTimeline(view.id);
  const seqs = new Set(timeline.map((event) => event.seq));
  const missing = (name: string, seq: number | undefined) => {
    if (seq !== undefined && !seqs.has(seq)) problems.push(`There is no event #${seq} in this release's history (${name}).`);
    return seq !== undefined && seqs.has(seq) ? seq : undefined;
  };
  const asOfSeq = missing("as of", moments.asOf);
  const fromSeq = missing("compare from", moments.from);
  const toSeq = missing("compare to", moments.to);

  const itemKeys = view.sections.flatMap((section) => section.subsections.flatMap((subsection) => subsection.items.map((item) => item.key)));
  const titles = new Map(
    view.sections.flatMap((section) =>
      section.subsections.flatMap((subsection) =>
        subsection.items.map((item) => [item.key, { title: item.title, where: subsection.title === section.title ? section.title : `${section.title} › ${subsection.title}` }] as const),
      ),
    ),
  );
  const [asOf, comparison, keyInfo] = await Promise.all([
    asOfSeq !== undefined ? releaseAsOf(view.id, asOfSeq, itemKeys) : undefined,
    fromSeq !== undefined && toSeq !== undefined ? compareReleaseMoments(view.id, fromSeq, toSeq, itemKeys) : undefined,
    // The page still serves its history when the key file cannot be read; the panel says so.
    getPublicKey().catch(() => null),
  ]);
  const asOfIndex = asOfSeq === undefined ? -1 : timeline.findIndex((event) => event.seq === asOfSeq);

  // The timeline's own filters: a kind of event and an actor, each checked against what the timeline holds.
  const actors = timelineActors(timeline);
  const timelineFilter: { events?: string; actor?: string } = {};
  for (const key of ["events", "actor"] as const) {
    const value = query[key];
    if (typeof value === "string" && value.trim() !== "") timelineFilter[key] = value.trim();
  }
  if (timelineFilter.events !== undefined && !isEventKind(timelineFilter.events)) {
    problems.push("Kind of event must be one of the listed kinds (items, signoffs, status, contacts).");
    delete timelineFilter.events;
  }
  if (timelineFilter.actor !== undefined && !actors.some((actor) => actor.key === timelineFilter.actor)) {
    problems.push("By must be someone who appears in this release's timeline.");
    delete timelineFilter.actor;
  }
  const shownEvents = filterTimeline(timeline, { kind: isEventKind(timelineFilter.events) ? timelineFilter.events : undefined, actor: timelineFilter.actor });
  const keep = Object.fromEntries(Object.entries(raw).filter(([key]) => key === "asOf" || key === "from" || key === "to" || key === "show"));

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <Link
          href="/archive"
          className="inline-flex items-center gap-1 text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline focus-visible:rounded-sm focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
        >
          <ArrowLeft aria-hidden="true" className="size-4" />
          Archive
        </Link>
        <PageHeader
          className="pb-0"
          title={
            <>
              Release <span className="font-mono">{view.version}</span>
            </>
          }
          description={`${view.template.name}, template version ${view.template.version}. Created ${formatUtc(new Date(view.createdAt))}. Read-only: nothing here changes the release.`}
        >
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <Badge variant="secondary" title={`Project ${view.project.key}`}>
              <span className="sr-only">Project: </span>
              {view.project.name}
            </Badge>
            <Badge variant="outline">{view.environment.name}</Badge>
            <ReleaseStatusBadge status={view.status} />
            <span className="text-xs tabular-nums text-muted-foreground">
              {view.progress.itemsDone}/{view.progress.itemsTotal} items done or N/A now
            </span>
          </div>
        </PageHeader>
      </div>

      <Card>
        <CardHeader className="pb-4">
          <CardTitle>Integrity and evidence</CardTitle>
          <CardDescription>
            Recompute every hash of this release&apos;s {timeline.length} {timeline.length === 1 ? "event" : "events"} and compare them with the signed
            checkpoints, or download the evidence bundle to verify it yourself with standard tools.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <VerifyReleaseTrail releaseId={view.id}>
            <Button asChild variant="outline">
              <a href={`/archive/${view.id}/bundle`} download>
                <Download aria-hidden="true" />
                Download evidence bundle
              </a>
            </Button>
          </VerifyReleaseTrail>
          <KeyFingerprint keyInfo={keyInfo} />
        </CardContent>
      </Card>

      {problems.length > 0 ? (
        <Alert variant="destructive">
          <AlertDescription>{problems.join(" ")}</AlertDescription>
        </Alert>
      ) : null}

      {asOf && asOfIndex >= 0 ? (
        <AsOfChecklist
          releaseId={view.id}
          sections={view.sections}
          asOf={asOf}
          event={timeline[asOfIndex]!}
          previous={timeline[asOfIndex - 1]?.seq}
          next={timeline[asOfIndex + 1]?.seq}
          show={moments.show}
        />
      ) : null}

      <Card id="compare" className="scroll-mt-24">
        <CardHeader className="pb-4">
          <CardTitle>Compare two moments</CardTitle>
          <CardDescription>Reconstruct the checklist after two events and list what differs: items and signatures.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-6">
          {timeline.length > 0 ? (
            <CompareForm releaseId={view.id} events={timeline} from={fromSeq} to={toSeq} asOf={asOfSeq} show={moments.show} />
          ) : (
            <p className="text-sm text-muted-foreground">This release has no events to compare.</p>
          )}
          {comparison ? <CompareResult comparison={comparison} titles={titles} /> : null}
        </CardContent>
      </Card>

      <Card id="timeline" className="scroll-mt-24">
        <CardHeader className="pb-4">
          <CardTitle>Timeline</CardTitle>
          <CardDescription>
            Every event of this release&apos;s audit chain, oldest first. Times are UTC. Three or more item changes by one person within a minute
            are one row; open it for each change.
          </CardDescription>
        </CardHeader>
        <CardContent className="px-0 pb-2">
          {timeline.length > 0 ? <TimelineFilters releaseId={view.id} values={timelineFilter} keep={keep} actors={actors} /> : null}
          {Object.keys(timelineFilter).length > 0 ? (
            <p role="status" className="px-6 pb-2 text-sm text-muted-foreground">
              Showing {shownEvents.length} of {timeline.length} events.
            </p>
          ) : null}
          {shownEvents.length > 0 ? (
            <ReleaseTimeline releaseId={view.id} events={shownEvents} asOf={asOfSeq} />
          ) : (
            <EmptyState
              icon={ScrollText}
              className="mx-6 mb-4"
              title="No events"
              description={timeline.length > 0 ? "No event matches these filters." : "This release has no audit events."}
            />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
