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
  const target = requestOrigin(headers);
  if (!origin || origin === "null" || !target) return false;
  try {
    const claimed = new URL(origin);
    return claimed.protocol === target.protocol && claimed.host === target.host;
  } catch {
    return false;
  }
}

/**
 * The origin a request was sent to, by the rules above (forwarded host and
 * scheme from a trusted proxy, else Host and http), default ports normalised;
 * null when the headers name none or something that is not a plain origin.
 * Also the WebAuthn relying party when COUNTERSIGN_PUBLIC_URL is not set
 * (lib/passkeys/relying-party.ts).
 */
export function requestOrigin(headers: Headers): URL | null {
  const host = firstValue(headers.get("x-forwarded-host")) || headers.get("host");
  if (!host) return null;
  const scheme = firstValue(headers.get("x-forwarded-proto"))?.toLowerCase() || "http";
  if (scheme !== "http" && scheme !== "https") return null;
  try {
    const target = new URL(`${scheme}://${host}`);
    return target.pathname === "/" && !target.username && !target.password && !target.search && !target.hash ? target : null;
  } catch {
    return null;
  }
}

const firstValue = (value: string | null) => value?.split(",")[0]?.trim();

/** What a refused cross-origin request is told; nothing has been changed. */
export const CROSS_ORIGIN_MESSAGE = "This request did not come from a Countersign page, so nothing was changed. Reload the page and try again.";
