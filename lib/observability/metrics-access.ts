import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Who may read /api/metrics: whoever sends `Authorization: Bearer <token>`
 * with COUNTERSIGN_METRICS_TOKEN. Unset (or blank): the endpoint is off.
 * Both sides are hashed first, so the comparison takes the same time
 * whatever the length or content of the guess.
 */
export type MetricsAccess = "disabled" | "denied" | "granted";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

export function metricsAccess(authorization: string | null, configuredToken: string | undefined): MetricsAccess {
  const expected = configuredToken?.trim();
  if (!expected) return "disabled";
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(presented), digest(expected)) && presented !== "" ? "granted" : "denied";
}
