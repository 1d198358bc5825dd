/**
 * The time window every dashboard figure covers: the current UTC week and
 * the 25 before it (Mondays, as PostgreSQL's date_trunc('week') gives them).
 * Bounding the window keeps each query on an index range, however old the
 * database.
 */
export const WINDOW_WEEKS = 26;

/** The weeks a figure covers and, optionally, the one project it is about (none: every project). */
export type InsightWindow = { since: Date; weeks: string[]; projectId?: string };

const DAY = 24 * 60 * 60 * 1000;

/** Monday 00:00 UTC of the week holding `date`. */
export function weekStart(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
}

export function insightWindow(now: Date = new Date(), weeks: number = WINDOW_WEEKS, projectId?: string): InsightWindow {
  const current = weekStart(now);
  const since = new Date(current.getTime() - (weeks - 1) * 7 * DAY);
  return {
    since,
    weeks: Array.from({ length: weeks }, (_, index) => new Date(since.getTime() + index * 7 * DAY).toISOString().slice(0, 10)),
    ...(projectId ? { projectId } : {}),
  };
}

/** A median or percentile from PostgreSQL (double precision, possibly null) as whole seconds. */
export function seconds(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === "string" ? Number(value) : value;
  return Number.isFinite(number) ? Math.round(number) : null;
}
