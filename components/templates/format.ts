import type { TemplateCounts } from "@/lib/templates/document";

/** "2026-11-27 14:03 UTC": minutes are precise enough for a list; the audit log keeps milliseconds. */
export { formatUtc as formatUtcMinutes } from "@/lib/format/utc";

/** "1 item", "100 items". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("en")} ${count === 1 ? singular : pluralForm}`;
}

/** Environment item counts in a stable order (staging before production, then the rest by name). */
export function environmentCounts(counts: TemplateCounts): [string, number][] {
  const order = ["development", "qa", "staging", "uat", "production"];
  const rank = (name: string) => {
    const index = order.indexOf(name);
    return index < 0 ? order.length : index;
  };
  return Object.entries(counts.environmentItems ?? {}).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
