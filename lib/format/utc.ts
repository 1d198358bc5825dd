/** "2026-11-27 14:03 UTC": the same text on the server and in every browser (no time-zone surprises). */
export function formatUtc(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "2026-11-27 14:03:27 UTC": to the second, for certificates and timelines. */
export function formatUtcSeconds(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "2026-11-27 14:03:27.512 UTC": to the millisecond, for the audit log, where events of one request are apart by less than a second. */
export function formatUtcMillis(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return `${date.toISOString().slice(0, 23).replace("T", " ")} UTC`;
}
