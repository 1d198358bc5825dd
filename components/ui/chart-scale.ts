/**
 * Pure helpers the SVG charts share: a "nice" axis (0 to a round maximum in
 * steps of 1, 2 or 5 × 10^n), durations in a readable unit, and week labels.
 * Kept apart from the components so they can be unit tested.
 */

export type Axis = { max: number; ticks: number[] };

/** `integer`: counts, so every tick is a whole number (no "0.25 releases"). */
export function niceAxis(maxValue: number, tickCount = 4, integer = false): Axis {
  if (!Number.isFinite(maxValue) || maxValue <= 0) return { max: 1, ticks: [0, 1] };
  const rough = maxValue / tickCount;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fits = (factor: number) => factor * power >= rough && (!integer || Number.isInteger(factor * power));
  const step = Math.max(integer ? 1 : 0, ([1, 2, 2.5, 5, 10].find(fits) ?? 10) * power);
  const max = Math.ceil(maxValue / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let tick = 0; tick <= max + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return { max, ticks };
}

/** Sums per category across stacked series (the height of each stack). */
export function stackTotals(series: { values: (number | null)[] }[], categories: number): number[] {
  return Array.from({ length: categories }, (_, index) => series.reduce((sum, entry) => sum + (entry.values[index] ?? 0), 0));
}

export type DurationUnit = { label: "minutes" | "hours" | "days"; seconds: number };

/** The unit a set of durations reads best in: minutes under 2 h, hours under 3 days, else days. */
export function durationUnit(maxSeconds: number): DurationUnit {
  if (maxSeconds < 2 * 3600) return { label: "minutes", seconds: 60 };
  if (maxSeconds < 3 * 86_400) return { label: "hours", seconds: 3600 };
  return { label: "days", seconds: 86_400 };
}

/** "45 s", "12 min", "3.5 h", "2.1 d". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "no data";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${round1(seconds / 3600)} h`;
  return `${round1(seconds / 86_400)} d`;
}

const round1 = (value: number) => (Math.round(value * 10) / 10).toString();

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-06-01" → "Jun 1". */
export function weekLabel(isoDate: string): string {
  const [, month, day] = isoDate.split("-").map(Number);
  return month && day ? `${MONTHS[month - 1]} ${day}` : isoDate;
}

/** Which of `count` category labels to print so that at most `max` show (always the last). */
export function labelEvery(count: number, max: number): (index: number) => boolean {
  const step = Math.max(1, Math.ceil(count / max));
  return (index) => (count - 1 - index) % step === 0;
}

/** Cuts a label to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
