export { formatUtc, formatUtcSeconds } from "@/lib/format/utc";

/** "2026-11-27". */
export function formatUtcDate(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return date.toISOString().slice(0, 10);
}

export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}
