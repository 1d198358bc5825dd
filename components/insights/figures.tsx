import { BarChart3 } from "lucide-react";
import type { ReactNode } from "react";
import type { BlockedItem } from "@/lib/insights/blocked-items";
import { OUTCOMES, type Outcome, type ReleasesPerWeek } from "@/lib/insights/releases-per-week";
import type { SignoffWait } from "@/lib/insights/signoff-wait";
import type { TimeToApproval } from "@/lib/insights/time-to-approval";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { BarChart } from "@/components/ui/bar-chart";
import { CHART_COLORS } from "@/components/ui/chart-parts";
import { durationUnit, formatDuration, weekLabel } from "@/components/ui/chart-scale";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LineChart } from "@/components/ui/line-chart";
import { StackedBarChart } from "@/components/ui/stacked-bar-chart";

/** A figure's data, or the fact that it could not be loaded. */
export type Loaded<T> = { ok: true; data: T } | { ok: false };

export function FigureCard({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">{children}</CardContent>
    </Card>
  );
}

export function FigureBody<T>({ loaded, isEmpty, empty, children }: { loaded: Loaded<T>; isEmpty: (data: T) => boolean; empty: string; children: (data: T) => ReactNode }) {
  if (!loaded.ok) {
    return (
      <Alert variant="destructive">
        <AlertDescription>This figure could not be loaded. The server log has the details.</AlertDescription>
      </Alert>
    );
  }
  if (isEmpty(loaded.data)) return <EmptyState icon={BarChart3} title="No data yet" description={empty} titleAs="p" className="py-8" />;
  return <>{children(loaded.data)}</>;
}

const OUTCOME_STYLE: Record<Outcome, { label: string; color: string }> = {
  deployed: { label: "Deployed", color: CHART_COLORS.success },
  rolled_back: { label: "Rolled back", color: CHART_COLORS.destructive },
  cancelled: { label: "Cancelled", color: CHART_COLORS.muted },
  open: { label: "Still open", color: CHART_COLORS.primary },
};

const count = (value: number | null) => (value ?? 0).toLocaleString("en-US");

export function ReleasesPerWeekFigure({ data }: { data: ReleasesPerWeek }) {
  const labels = data.weeks.map(weekLabel);
  return (
    <div className="space-y-6">
      {data.environments.map((environment) => (
        <div key={environment.key} className="space-y-2">
          <h3 className="text-sm font-semibold">{environment.name}</h3>
          <StackedBarChart
            label={`Releases per week in ${environment.name}, by outcome: ${environment.total} in 26 weeks`}
            categories={data.weeks}
            categoryLabels={labels}
            categoryHeader="Week of"
            valueAxisLabel="releases"
            integer
            format={count}
            series={OUTCOMES.map((outcome) => ({ key: outcome, ...OUTCOME_STYLE[outcome], values: environment.series[outcome] }))}
          />
        </div>
      ))}
    </div>
  );
}

export function TimeToApprovalFigure({ data }: { data: TimeToApproval }) {
  const all = [...data.perWeek, ...data.perEnvironment].map((point) => point.medianSeconds ?? 0);
  const unit = durationUnit(Math.max(0, ...all));
  const inUnit = (value: number | null) => (value === null ? null : Math.round((value / unit.seconds) * 10) / 10);
  const asDuration = (value: number | null) => (value === null ? "no approvals" : formatDuration(value * unit.seconds));
  return (
    <>
      <p>
        <span className="text-3xl font-semibold">{formatDuration(data.overall.medianSeconds)}</span>{" "}
        <span className="text-sm text-muted-foreground">median over {data.overall.releases.toLocaleString("en-US")} approved releases</span>
      </p>
      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Median per week of approval</h3>
        <LineChart
          label={`Median time from creation to approval per week; overall ${formatDuration(data.overall.medianSeconds)}`}
          categories={data.weeks}
          categoryLabels={data.weeks.map(weekLabel)}
          categoryHeader="Week of"
          valueAxisLabel={unit.label}
          format={asDuration}
          series={[{ key: "median", label: "Median", color: CHART_COLORS.primary, values: data.perWeek.map((point) => inUnit(point.medianSeconds)) }]}
        />
      </div>
      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Median per environment</h3>
        <BarChart
          label={`Median time from creation to approval per environment: ${data.perEnvironment.map((entry) => `${entry.name} ${formatDuration(entry.medianSeconds)}`).join(", ")}`}
          categories={data.perEnvironment.map((entry) => entry.name)}
          categoryHeader="Environment"
          valueAxisLabel={unit.label}
          format={asDuration}
          series={[{ key: "median", label: "Median", color: CHART_COLORS.primary, values: data.perEnvironment.map((entry) => inUnit(entry.medianSeconds)) }]}
        />
      </div>
    </>
  );
}

export function BlockedItemsFigure({ data }: { data: BlockedItem[] }) {
  const top = data[0];
  return (
    <BarChart
      label={`The ${data.length} items most often N/A or blocked${top ? `; first: ${top.title}, ${top.na} N/A and ${top.blocked} blocked` : ""}`}
      categories={data.map((item) => item.title)}
      categoryHeader="Item"
      valueAxisLabel="releases"
      integer
      stacked
      format={count}
      series={[
        { key: "na", label: "N/A", color: CHART_COLORS.muted, values: data.map((item) => item.na) },
        { key: "blocked", label: "Blocked", color: CHART_COLORS.warning, values: data.map((item) => item.blocked) },
      ]}
    />
  );
}

export function SignoffWaitFigure({ data }: { data: SignoffWait[] }) {
  const unit = durationUnit(Math.max(0, ...data.map((entry) => entry.p90Seconds ?? 0)));
  const inUnit = (value: number | null) => (value === null ? null : Math.round((value / unit.seconds) * 10) / 10);
  const slowest = data[0];
  return (
    <BarChart
      label={`Time waiting for each sign-off role, median and 90th percentile${slowest ? `; longest median: ${slowest.role}, ${formatDuration(slowest.medianSeconds)}` : ""}`}
      categories={data.map((entry) => entry.role)}
      categoryHeader="Role"
      valueAxisLabel={unit.label}
      format={(value) => (value === null ? "no data" : formatDuration(value * unit.seconds))}
      series={[
        { key: "median", label: "Median", color: CHART_COLORS.primary, values: data.map((entry) => inUnit(entry.medianSeconds)) },
        { key: "p90", label: "90th percentile", color: CHART_COLORS.primarySoft, values: data.map((entry) => inUnit(entry.p90Seconds)) },
      ]}
    />
  );
}
