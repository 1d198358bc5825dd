import "server-only";
import { db } from "../db/client";
import { type InsightWindow, insightWindow, seconds } from "./window";
import { inProject } from "./project-filter";

/**
 * How long releases take from creation to approval: the first moment the
 * release became "approved" (its first release.status_changed event to
 * approved; a later re-approval after a reopen does not count) minus its
 * creation time. Grouped by the week of that approval, by environment, and
 * overall, in one aggregate over the window's status-change events (index
 * audit_events_type_occurred_at_idx).
 */

export type TimeToApprovalRow = {
  week: string | null;
  env_key: string | null;
  env_name: string | null;
  env_position: number | null;
  grouping: "week" | "environment" | "overall";
  median_seconds: number | null;
  releases: number;
};

export type MedianPoint = { medianSeconds: number | null; releases: number };
export type TimeToApproval = {
  weeks: string[];
  overall: MedianPoint;
  perWeek: MedianPoint[];
  perEnvironment: ({ key: string; name: string } & MedianPoint)[];
};

export function shapeTimeToApproval(rows: TimeToApprovalRow[], weeks: string[]): TimeToApproval {
  const perWeek: MedianPoint[] = weeks.map(() => ({ medianSeconds: null, releases: 0 }));
  const index = new Map(weeks.map((week, position) => [week, position]));
  let overall: MedianPoint = { medianSeconds: null, releases: 0 };
  const perEnvironment: ({ key: string; name: string; position: number } & MedianPoint)[] = [];
  for (const row of rows) {
    const point = { medianSeconds: seconds(row.median_seconds), releases: row.releases };
    if (row.grouping === "overall") overall = point;
    else if (row.grouping === "week" && row.week !== null && index.has(row.week)) perWeek[index.get(row.week)!] = point;
    else if (row.grouping === "environment" && row.env_key !== null) {
      perEnvironment.push({ key: row.env_key, name: row.env_name ?? row.env_key, position: row.env_position ?? 0, ...point });
    }
  }
  perEnvironment.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  return { weeks, overall, perWeek, perEnvironment: perEnvironment.map(({ position: _position, ...entry }) => entry) };
}

export async function getTimeToApproval(window: InsightWindow = insightWindow()): Promise<TimeToApproval> {
  const rows = await db.$queryRaw<TimeToApprovalRow[]>`
    WITH approved AS (
      SELECT a.chain, min(a.occurred_at) AS approved_at
      FROM audit_events a
      WHERE a.type = 'release.status_changed' AND a.occurred_at >= ${window.since}
        AND a.chain LIKE 'release:%' AND a.data -> 'after' ->> 'status' = 'approved'
      GROUP BY a.chain
    ), durations AS (
      SELECT to_char(date_trunc('week', ap.approved_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
             e.key AS env_key, e.name AS env_name, e.position AS env_position,
             extract(epoch FROM ap.approved_at - r.created_at) AS seconds
      FROM approved ap
      JOIN releases r ON r.id = substr(ap.chain, 9)::uuid ${inProject("r", window)}
      JOIN environments e ON e.id = r.environment_id
    )
    SELECT week, env_key, env_name, min(env_position)::int AS env_position,
           CASE WHEN GROUPING(week) = 0 THEN 'week' WHEN GROUPING(env_key) = 0 THEN 'environment' ELSE 'overall' END AS grouping,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median_seconds,
           count(*)::int AS releases
    FROM durations
    GROUP BY GROUPING SETS ((week), (env_key, env_name), ())`;
  return shapeTimeToApproval(rows, window.weeks);
}
