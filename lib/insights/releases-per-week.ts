import "server-only";
import { db } from "../db/client";
import { FINISHED_STATUSES } from "../releases/release-status";
import { type InsightWindow, insightWindow } from "./window";
import { inProject } from "./project-filter";

/**
 * Releases created per week, per environment, by outcome: deployed, rolled
 * back, cancelled, or still open (any other status). One aggregate over the
 * releases created in the window (index releases_created_at_idx).
 */

export const OUTCOMES = ["deployed", "rolled_back", "cancelled", "open"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type ReleasesPerWeekRow = { week: string; env_key: string; env_name: string; env_position: number; outcome: Outcome; releases: number };

export type EnvironmentWeeks = { key: string; name: string; total: number; series: Record<Outcome, number[]> };
export type ReleasesPerWeek = { weeks: string[]; total: number; environments: EnvironmentWeeks[] };

export function shapeReleasesPerWeek(rows: ReleasesPerWeekRow[], weeks: string[]): ReleasesPerWeek {
  const index = new Map(weeks.map((week, position) => [week, position]));
  const environments = new Map<string, EnvironmentWeeks & { position: number }>();
  let total = 0;
  for (const row of rows) {
    const position = index.get(row.week);
    if (position === undefined) continue;
    let environment = environments.get(row.env_key);
    if (!environment) {
      environment = {
        key: row.env_key,
        name: row.env_name,
        position: row.env_position,
        total: 0,
        series: Object.fromEntries(OUTCOMES.map((outcome) => [outcome, weeks.map(() => 0)])) as Record<Outcome, number[]>,
      };
      environments.set(row.env_key, environment);
    }
    environment.series[row.outcome][position]! += row.releases;
    environment.total += row.releases;
    total += row.releases;
  }
  return {
    weeks,
    total,
    environments: [...environments.values()]
      .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name))
      .map(({ position: _position, ...environment }) => environment),
  };
}

export async function getReleasesPerWeek(window: InsightWindow = insightWindow()): Promise<ReleasesPerWeek> {
  const rows = await db.$queryRaw<ReleasesPerWeekRow[]>`
    SELECT to_char(date_trunc('week', r.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
           e.key AS env_key, e.name AS env_name, e.position AS env_position,
           CASE WHEN r.status::text = ANY(${[...FINISHED_STATUSES]}::text[]) THEN r.status::text ELSE 'open' END AS outcome,
           count(*)::int AS releases
    FROM releases r JOIN environments e ON e.id = r.environment_id
    WHERE r.created_at >= ${window.since} ${inProject("r", window)}
    GROUP BY 1, 2, 3, 4, 5`;
  return shapeReleasesPerWeek(rows, window.weeks);
}
