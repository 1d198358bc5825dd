import type { Metadata } from "next";
import { getBlockedItems } from "@/lib/insights/blocked-items";
import { getReleasesPerWeek } from "@/lib/insights/releases-per-week";
import { getSignoffWait } from "@/lib/insights/signoff-wait";
import { getSystemStatus } from "@/lib/insights/system-status";
import { getTimeToApproval } from "@/lib/insights/time-to-approval";
import { cachedFigure } from "@/lib/insights/figure-cache";
import { insightWindow, WINDOW_WEEKS } from "@/lib/insights/window";
import { requirePermission } from "@/lib/auth/current-user";
import { logger } from "@/lib/observability/logger";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { FilterActions, FilterForm, ProjectFilter } from "@/components/releases/filter-fields";
import { readableProjects } from "@/app/_lib/header-projects";
import {
  BlockedItemsFigure,
  FigureBody,
  FigureCard,
  type Loaded,
  ReleasesPerWeekFigure,
  SignoffWaitFigure,
  TimeToApprovalFigure,
} from "@/components/insights/figures";
import { StatusTiles } from "@/components/insights/tiles";

export const metadata: Metadata = { title: "System health" };
export const dynamic = "force-dynamic";

/** Each figure loads on its own: one failing query shows as that figure's error, not the page's. */
async function load<T>(figure: string, query: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await query() };
  } catch (error) {
    logger.error({ err: error, figure }, "health dashboard figure failed");
    return { ok: false };
  }
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function HealthPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission("health:read");
  const requested = (await searchParams).project;
  const projects = await readableProjects(user);
  // ?project=<key>: the charts of that project only (lib/insights/project-filter.ts); an unknown key is said so, and every project is shown.
  const project = typeof requested === "string" && requested !== "" ? (projects.find((entry) => entry.key === requested) ?? null) : undefined;
  const window = insightWindow(new Date(), WINDOW_WEEKS, project?.id);
  const key = `${window.since.toISOString()}:${project?.id ?? "all"}`;
  const [status, perWeek, approval, blocked, waits] = await Promise.all([
    getSystemStatus(),
    load("releases-per-week", () => cachedFigure(`releases-per-week:${key}`, () => getReleasesPerWeek(window))),
    load("time-to-approval", () => cachedFigure(`time-to-approval:${key}`, () => getTimeToApproval(window))),
    load("blocked-items", () => cachedFigure(`blocked-items:${key}`, () => getBlockedItems(window))),
    load("signoff-wait", () => cachedFigure(`signoff-wait:${key}`, () => getSignoffWait(window))),
  ]);
  return (
    <div className="space-y-8">
      <PageHeader
        title="System health"
        description={`How this instance is doing now, and how releases${project ? ` of ${project.name}` : ""} went over the last ${WINDOW_WEEKS} weeks (since ${window.since.toISOString().slice(0, 10)}, weeks start on Monday, UTC). The charts are at most a minute old.`}
      />
      <StatusTiles status={status} now={new Date()} />
      <FilterForm action="/admin/health" className="grid gap-4 sm:grid-cols-[minmax(0,20rem)_auto] sm:items-end">
        <ProjectFilter idPrefix="health" values={project ? { project: project.key } : {}} projects={projects.map((entry) => ({ key: entry.key, name: entry.name }))} />
        <FilterActions values={project ? { project: project.key } : {}} keys={["project"]} clearHref="/admin/health" className="" buttonClassName="flex-1 sm:flex-none" />
      </FilterForm>
      {project === null ? (
        <Alert variant="destructive">
          <AlertDescription>There is no project with the key {String(requested).slice(0, 40)}; the charts show every project.</AlertDescription>
        </Alert>
      ) : null}
      <FigureCard title="Releases per week" description="Releases created each week in each environment, by how they ended; “still open” is any release not yet deployed, rolled back or cancelled.">
        <FigureBody loaded={perWeek} isEmpty={(data) => data.total === 0} empty="No release was created in this period.">
          {(data) => <ReleasesPerWeekFigure data={data} />}
        </FigureBody>
      </FigureCard>
      <FigureCard
        title="Time from creation to approval"
        description="From a release's creation to the first time every required role had signed (a re-approval after a reopen does not count), by the week it was approved."
      >
        <FigureBody loaded={approval} isEmpty={(data) => data.overall.releases === 0} empty="No release was approved in this period.">
          {(data) => <TimeToApprovalFigure data={data} />}
        </FigureBody>
      </FigureCard>
      <FigureCard
        title="Waiting for each sign-off role"
        description="From the moment a release first became ready for sign-off (every required item done or N/A) to that role's first signature on it; a signature given earlier counts as no wait. Releases that became ready in this period; roles yet to sign are not counted."
      >
        <FigureBody loaded={waits} isEmpty={(data) => data.length === 0} empty="No release that became ready for sign-off in this period has been signed yet.">
          {(data) => <SignoffWaitFigure data={data} />}
        </FigureBody>
      </FigureCard>
      <FigureCard
        title="Items most often N/A or blocked"
        description="The 10 checklist items marked N/A or blocked in the most releases created in this period (their current state)."
      >
        <FigureBody loaded={blocked} isEmpty={(data) => data.length === 0} empty="No item of a release from this period is N/A or blocked.">
          {(data) => <BlockedItemsFigure data={data} />}
        </FigureBody>
      </FigureCard>
    </div>
  );
}
