/**
 * Whether a request comes from one of our own pages: its Origin header names
 * the host the request was sent to (`x-forwarded-host` behind a proxy, else
 * `host`). A missing, `null` or unparsable Origin is not same-origin.
 * Used by server actions (lib/auth/action.ts, sign-in) and JSON API
 * mutations made with a session cookie (lib/auth/api-route.ts).
 */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!origin || origin === "null" || !host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** What a refused cross-origin request is told; nothing has been changed. */
export const CROSS_ORIGIN_MESSAGE = "This request did not come from a Countersign page, so nothing was changed. Reload the page and try again.";
