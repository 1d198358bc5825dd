/**
 * The client address and user agent of a request, for rate limits and audit events. In the web
 * server, X-Forwarded-For holds exactly one trusted address: the preload of
 * lib/ops/forwarded-headers-preload.mjs rewrites it per COUNTERSIGN_TRUSTED_PROXIES (ADR 017).
 */
export type RequestOrigin = { address: string; userAgent: string };

export function originFromHeaders(headers: Headers): RequestOrigin {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const address = forwarded || headers.get("x-real-ip")?.trim() || "unknown";
  return { address: address.slice(0, 64), userAgent: (headers.get("user-agent") ?? "").slice(0, 512) };
}
