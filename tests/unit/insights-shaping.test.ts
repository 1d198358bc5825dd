import { describe, expect, it } from "vitest";
import { durationUnit, formatDuration, labelEvery, niceAxis, stackTotals, truncate, weekLabel } from "../../components/ui/chart-scale";
import { linePaths } from "../../components/ui/line-chart";
import { shapeBlockedItems } from "../../lib/insights/blocked-items";
import { shapeReleasesPerWeek } from "../../lib/insights/releases-per-week";
import { shapeSignoffWait } from "../../lib/insights/signoff-wait";
import { shapeTimeToApproval } from "../../lib/insights/time-to-approval";
import { insightWindow, seconds, weekStart } from "../../lib/insights/window";

describe("chart scale", () => {
  it("rounds the axis up to 1, 2, 2.5 or 5 times a power of ten", () => {
    expect(niceAxis(37)).toEqual({ max: 40, ticks: [0, 10, 20, 30, 40] });
    expect(niceAxis(4)).toEqual({ max: 4, ticks: [0, 1, 2, 3, 4] });
    expect(niceAxis(0.9).max).toBeCloseTo(1);
    expect(niceAxis(1234).max).toBe(1500);
    expect(niceAxis(0)).toEqual({ max: 1, ticks: [0, 1] });
    expect(niceAxis(Number.NaN)).toEqual({ max: 1, ticks: [0, 1] });
    // Counts: whole-number ticks only.
    expect(niceAxis(1, 4, true)).toEqual({ max: 1, ticks: [0, 1] });
    expect(niceAxis(9, 4, true)).toEqual({ max: 10, ticks: [0, 5, 10] });
    expect(niceAxis(1)).toEqual({ max: 1, ticks: [0, 0.25, 0.5, 0.75, 1] });
  });

  it("stacks series per category, treating missing values as zero", () => {
    expect(stackTotals([{ values: [1, 2, null] }, { values: [3, null, 4] }], 3)).toEqual([4, 2, 4]);
  });

  it("picks a readable duration unit and formats durations", () => {
    expect(durationUnit(3000).label).toBe("minutes");
    expect(durationUnit(36_000).label).toBe("hours");
    expect(durationUnit(400_000).label).toBe("days");
    expect(formatDuration(null)).toBe("no data");
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(600)).toBe("10 min");
    expect(formatDuration(64_800)).toBe("18 h");
    expect(formatDuration(183_600)).toBe("2.1 d");
  });

  it("labels weeks and thins labels so at most a few show, always the last", () => {
    expect(weekLabel("2026-06-01")).toBe("Jun 1");
    const shown = Array.from({ length: 26 }, (_, index) => index).filter(labelEvery(26, 7));
    expect(shown.length).toBeLessThanOrEqual(7);
    expect(shown.at(-1)).toBe(25);
    expect(truncate("A very long checklist item title", 10)).toBe("A very lo…");
    expect(truncate("short", 10)).toBe("short");
  });

  it("breaks a line where a value is missing", () => {
    const paths = linePaths([1, 2, null, 4, null], (index) => index * 10, (value) => value);
    expect(paths).toEqual(["M0.0 1.0L10.0 2.0", "M30.0 4.0"]);
    expect(linePaths([null, null], (index) => index, (value) => value)).toEqual([]);
  });
});

describe("insight window", () => {
  it("covers the current UTC week and the 25 before it, from Monday", () => {
    const window = insightWindow(new Date("2026-11-25T12:00:00Z"));
    expect(window.weeks).toHaveLength(26);
    expect(window.weeks.at(-1)).toBe("2026-11-23");
    expect(window.weeks[0]).toBe("2026-06-01");
    expect(window.since.toISOString()).toBe("2026-06-01T00:00:00.000Z");
    expect(weekStart(new Date("2026-11-29T23:59:59Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(weekStart(new Date("2026-11-23T00:00:00Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
  });

  it("reads PostgreSQL numbers as whole seconds", () => {
    expect(seconds("64800.4")).toBe(64_800);
    expect(seconds(null)).toBeNull();
    expect(seconds("NaN")).toBeNull();
  });
});

describe("shaping the query rows for the charts", () => {
  const weeks = ["2026-11-09", "2026-11-16", "2026-11-23"];

  it("releases per week: one series per outcome per environment, zero-filled, environments in their order", () => {
    const shaped = shapeReleasesPerWeek(
      [
        { week: "2026-11-16", env_key: "production", env_name: "Production", env_position: 2, outcome: "deployed", releases: 3 },
        { week: "2026-11-16", env_key: "staging", env_name: "Staging", env_position: 1, outcome: "rolled_back", releases: 1 },
        { week: "2026-11-23", env_key: "staging", env_name: "Staging", env_position: 1, outcome: "open", releases: 2 },
        { week: "2020-01-06", env_key: "staging", env_name: "Staging", env_position: 1, outcome: "open", releases: 9 },
      ],
      weeks,
    );
    expect(shaped.total).toBe(6);
    expect(shaped.environments.map((environment) => environment.key)).toEqual(["staging", "production"]);
    expect(shaped.environments[0]!.series).toEqual({ deployed: [0, 0, 0], rolled_back: [0, 1, 0], cancelled: [0, 0, 0], open: [0, 0, 2] });
    expect(shaped.environments[1]!.series.deployed).toEqual([0, 3, 0]);
    expect(shaped.environments[1]!.total).toBe(3);
  });

  it("time to approval: the grouping sets split into overall, weeks and environments", () => {
    const shaped = shapeTimeToApproval(
      [
        { grouping: "overall", week: null, env_key: null, env_name: null, env_position: null, median_seconds: 64_800, releases: 2 },
        { grouping: "week", week: "2026-11-16", env_key: null, env_name: null, env_position: null, median_seconds: 64_800, releases: 2 },
        { grouping: "environment", week: null, env_key: "staging", env_name: "Staging", env_position: 1, median_seconds: 64_800, releases: 2 },
      ],
      weeks,
    );
    expect(shaped.overall).toEqual({ medianSeconds: 64_800, releases: 2 });
    expect(shaped.perWeek).toEqual([
      { medianSeconds: null, releases: 0 },
      { medianSeconds: 64_800, releases: 2 },
      { medianSeconds: null, releases: 0 },
    ]);
    expect(shaped.perEnvironment).toEqual([{ key: "staging", name: "Staging", medianSeconds: 64_800, releases: 2 }]);
  });

  it("sign-off wait: slowest median first; blocked items fall back to the key without a title", () => {
    expect(
      shapeSignoffWait([
        { role: "Tech Lead", signatures: 2, median_seconds: 1800, p90_seconds: 3240 },
        { role: "QA Lead", signatures: 2, median_seconds: 54_000, p90_seconds: 79_920 },
      ]).map((entry) => entry.role),
    ).toEqual(["QA Lead", "Tech Lead"]);
    expect(shapeBlockedItems([{ template_name: "T", item_key: "gone", title: null, na: 1, blocked: 0 }])[0]!.title).toBe("gone");
  });
});
