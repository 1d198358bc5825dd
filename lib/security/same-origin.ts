/**
 * Whether a request comes from one of our own pages: its Origin header names
 * the scheme, host and port the request was sent to. Host: `x-forwarded-host`
 * behind a proxy, else `host`; scheme: `x-forwarded-proto` (Next's server
 * sets it from the connection when the client did not), else http. Default
 * ports are normalised (`https://a:443` is `https://a`). A missing, `null`
 * or unparsable Origin is not same-origin. The forwarded headers reach this
 * only from a proxy in COUNTERSIGN_TRUSTED_PROXIES (ADR 017, item 4).
 * Used by server actions (lib/auth/action.ts, sign-in) and JSON API
 * mutations made with a session cookie (lib/auth/api-route.ts).
 */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  const host = firstValue(headers.get("x-forwarded-host")) || headers.get("host");
  if (!origin || origin === "null" || !host) return false;
  const scheme = firstValue(headers.get("x-forwarded-proto"))?.toLowerCase() || "http";
  if (scheme !== "http" && scheme !== "https") return false;
  try {
    const claimed = new URL(origin);
    const target = new URL(`${scheme}://${host}`);
    return claimed.protocol === target.protocol && claimed.host === target.host && target.pathname === "/" && !target.username && !target.password;
  } catch {
    return false;
  }
}

const firstValue = (value: string | null) => value?.split(",")[0]?.trim();

/** What a refused cross-origin request is told; nothing has been changed. */
export const CROSS_ORIGIN_MESSAGE = "This request did not come from a Countersign page, so nothing was changed. Reload the page and try again.";
