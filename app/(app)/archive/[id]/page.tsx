import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ArrowLeft, Download, ScrollText } from "lucide-react";
import { getCurrentUser, requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { compareReleaseMoments } from "@/lib/audit/compare-release-moments";
import { getPublicKey } from "@/lib/audit/get-public-key";
import { releaseAsOf, releaseTimeline, releaseTimelineEvents, releaseTimelineView } from "@/lib/audit/release-history";
import { isEventKind } from "@/lib/audit/timeline";
import { wholeNumberField } from "@/lib/http/parse-id";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";
import { formatUtcMillis as formatUtc } from "@/lib/format/utc";
import { AsOfChecklist } from "@/components/archive/as-of-checklist";
import { CompareForm, CompareResult } from "@/components/archive/compare-moments";
import { KeyFingerprint } from "@/components/archive/key-fingerprint";
import { ReleaseTimeline } from "@/components/archive/release-timeline";
import { TimelineFilters } from "@/components/archive/timeline-filters";
import { Pagination } from "@/components/app/pagination";
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
  page: wholeNumberField("page", { min: 1 }).optional(),
  open: wholeNumberField("open", { min: 1 }).optional(),
});

/** Up to this many events, the compare form offers each event by its sentence; past it, event numbers (two lists of a thousand options would be most of the page). */
const COMPARE_CHOICES_LIMIT = 300;

export default async function ArchivedReleasePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  await requirePermission("audit:read");
  const view = await loadRelease((await params).id);
  if (!view) notFound();
  const query = await searchParams;
  const raw: Record<string, string> = {};
  for (const key of ["asOf", "from", "to", "show", "page", "open"] as const) {
    const value = query[key];
    if (typeof value === "string" && value.trim() !== "") raw[key] = value.trim();
  }
  const parsed = momentsSchema.safeParse(raw);
  const moments = parsed.success ? parsed.data : { show: "all" as const, page: undefined, open: undefined };
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);

  // The timeline's own filters: a kind of event and an actor, applied in the query (lib/audit/release-history.ts), one page of rows at a time.
  const timelineFilter: { events?: string; actor?: string } = {};
  for (const key of ["events", "actor"] as const) {
    const value = query[key];
    if (typeof value === "string" && value.trim() !== "") timelineFilter[key] = value.trim();
  }
  if (timelineFilter.events !== undefined && !isEventKind(timelineFilter.events)) {
    problems.push("Kind of event must be one of the listed kinds (items, signoffs, status, contacts).");
    delete timelineFilter.events;
  }
  const readTimeline = () =>
    releaseTimelineView(view.id, {
      kind: isEventKind(timelineFilter.events) ? timelineFilter.events : undefined,
      actor: timelineFilter.actor,
      page: moments.page,
      open: moments.open,
      asOf: parsed.success ? moments.asOf : undefined,
    });
  let timeline = await readTimeline();
  if (timelineFilter.actor !== undefined && !timeline.actors.some((actor) => actor.key === timelineFilter.actor)) {
    problems.push("By must be someone who appears in this release's timeline.");
    delete timelineFilter.actor;
    timeline = await readTimeline();
  }

  // Events are numbered 1..head in the release's chain.
  const missing = (name: string, seq: number | undefined) => {
    const exists = seq !== undefined && seq >= 1 && seq <= timeline.head;
    if (seq !== undefined && !exists) problems.push(`There is no event #${seq} in this release's history (${name}).`);
    return exists ? seq : undefined;
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
  const [asOf, asOfEvent, comparison, keyInfo, choices] = await Promise.all([
    asOfSeq !== undefined ? releaseAsOf(view.id, asOfSeq, itemKeys) : undefined,
    asOfSeq !== undefined ? releaseTimelineEvents(view.id, [asOfSeq]).then((events) => events[0]) : undefined,
    fromSeq !== undefined && toSeq !== undefined ? compareReleaseMoments(view.id, fromSeq, toSeq, itemKeys) : undefined,
    // The page still serves its history when the key file cannot be read; the panel says so.
    getPublicKey().catch(() => null),
    timeline.total <= COMPARE_CHOICES_LIMIT ? releaseTimeline(view.id) : undefined,
  ]);

  // Every timeline link keeps the moments and filters it does not change; a new filter starts at its first page, closed.
  const keep = Object.fromEntries(Object.entries(raw).filter(([key]) => key === "asOf" || key === "from" || key === "to" || key === "show"));
  const timelineHref = (change: { page?: number; open?: number | null }) => {
    const next: Record<string, string> = { ...keep, ...timelineFilter };
    const page = change.page ?? (change.open !== undefined ? timeline.page : undefined);
    if (page !== undefined && page > 1) next.page = String(page);
    if (change.open) next.open = String(change.open);
    return `/archive/${view.id}?${new URLSearchParams(next).toString()}#${change.open ? `event-${change.open}` : "timeline"}`;
  };
  const filtered = Object.keys(timelineFilter).length > 0;

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
            Recompute every hash of this release&apos;s {timeline.total} {timeline.total === 1 ? "event" : "events"} and compare them with the signed
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

      {asOf && asOfEvent && asOfSeq !== undefined ? (
        <AsOfChecklist
          releaseId={view.id}
          sections={view.sections}
          asOf={asOf}
          event={asOfEvent}
          previous={asOfSeq > 1 ? asOfSeq - 1 : undefined}
          next={asOfSeq < timeline.head ? asOfSeq + 1 : undefined}
          show={moments.show}
        />
      ) : null}

      <Card id="compare" className="scroll-mt-24">
        <CardHeader className="pb-4">
          <CardTitle>Compare two moments</CardTitle>
          <CardDescription>Reconstruct the checklist after two events and list what differs: items and signatures.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-6">
          {timeline.total > 0 ? (
            <CompareForm releaseId={view.id} choices={choices ?? { head: timeline.head }} from={fromSeq} to={toSeq} asOf={asOfSeq} show={moments.show} />
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
          {timeline.total > 0 ? <TimelineFilters releaseId={view.id} values={timelineFilter} keep={keep} actors={timeline.actors} /> : null}
          {filtered ? (
            <p role="status" className="px-6 pb-2 text-sm text-muted-foreground">
              Showing {timeline.matching.toLocaleString("en")} of {timeline.total.toLocaleString("en")} events.
            </p>
          ) : null}
          {timeline.rows.length > 0 ? (
            <>
              <ReleaseTimeline releaseId={view.id} rows={timeline.rows} asOf={asOfSeq} openHref={(open) => timelineHref({ open })} />
              {timeline.pages > 1 ? (
                <div className="border-t border-border px-6 pt-3">
                  <Pagination
                    total={timeline.matching}
                    page={timeline.page}
                    pages={timeline.pages}
                    noun={["event", "events"]}
                    pageHref={(page) => timelineHref({ page })}
                  />
                </div>
              ) : null}
            </>
          ) : (
            <EmptyState
              icon={ScrollText}
              className="mx-6 mb-4"
              title="No events"
              description={timeline.total > 0 ? "No event matches these filters." : "This release has no audit events."}
            />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
