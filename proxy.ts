import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { REQUEST_ID_HEADER, requestIdFrom } from "./lib/security/request-id";
import { cacheControlFor, contentSecurityPolicy, isHttpsRequest, newNonce, STRICT_TRANSPORT_SECURITY } from "./lib/security/response-headers";
import { isServerActionRequest, serverActionRefusal } from "./lib/security/server-action-guard";
import { renewSession } from "./lib/security/session-renewal";

/**
 * Runs before every request (docs/decisions/009):
 * - gives it an `x-request-id` (kept when the incoming one is safe) and echoes it;
 * - sets a Content-Security-Policy with a fresh nonce on the request (Next.js
 *   reads the nonce from there and puts it on its own scripts) and the response;
 * - adds Strict-Transport-Security when the request came over HTTPS;
 * - forbids caching pages and API answers (Cache-Control: no-store);
 * - renews the session cookie on page views (idle timeout, lib/security/session-policy.ts);
 * - refuses server actions with a foreign, `null` or missing Origin (403) or a
 *   body over the limit (413) before Next.js reads them (lib/security/server-action-guard.ts);
 * - sends visitors without a session cookie to the sign-in page. That is an
 *   optimistic check only: every page and action still authenticates and
 *   authorizes on the server (lib/auth/current-user.ts).
 * The headers that do not depend on the request come from next.config.ts.
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

/** Pages that need a session: not the sign-in page, the unsubscribe page (its link is signed), the API, Next's assets or public files. */
const PUBLIC_PATH = /^\/(?:sign-in(?:\/|$)|unsubscribe$|api\/|_next\/|favicon\.svg$|.*\.(?:svg|png|ico|css|js|map|txt|woff2?)$)/;

const hasSessionCookie = (request: NextRequest) => SESSION_COOKIES.some((name) => request.cookies.has(name));

function withSecurityHeaders(request: NextRequest): NextResponse {
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const https = isHttpsRequest(request.nextUrl, request.headers);
  const policy = contentSecurityPolicy({ nonce: newNonce(), https, development: process.env.NODE_ENV === "development" });

  let response: NextResponse;
  const refused = isServerActionRequest(request.method, request.nextUrl.pathname, request.headers) ? serverActionRefusal(request.headers) : null;
  if (refused) {
    response = new NextResponse(refused.body, { status: refused.status, headers: refused.headers });
  } else if (!PUBLIC_PATH.test(request.nextUrl.pathname) && !hasSessionCookie(request)) {
    const url = request.nextUrl.clone();
    const wanted = `${request.nextUrl.pathname}${request.nextUrl.search}`;
    url.pathname = "/sign-in";
    url.search = wanted === "/" ? "" : `?callbackUrl=${encodeURIComponent(wanted)}`;
    response = NextResponse.redirect(url);
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set(REQUEST_ID_HEADER, requestId);
    requestHeaders.set("Content-Security-Policy", policy);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("X-Request-Id", requestId);
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  const cacheControl = cacheControlFor(request.nextUrl.pathname);
  if (cacheControl) response.headers.set("Cache-Control", cacheControl);
  return response;
}

/**
 * Page views (GET, signed in) renew the session cookie. Not POSTs, and not
 * link prefetches: a prefetch still in flight when the user signs out would
 * otherwise answer after sign-out's cookie removal and bring the session back.
 */
// The event parameter selects next-auth's proxy (middleware) overload of `auth`.
const withRenewedSession = renewSession((request: NextRequest, _event: NextFetchEvent) => withSecurityHeaders(request));

export function proxy(request: NextRequest, event: NextFetchEvent) {
  const prefetch = request.headers.has("next-router-prefetch") || request.headers.get("purpose") === "prefetch";
  const pageView = request.method === "GET" && !prefetch && !PUBLIC_PATH.test(request.nextUrl.pathname);
  if (pageView && hasSessionCookie(request)) return withRenewedSession(request, event);
  return withSecurityHeaders(request);
}

export const config = {
  // Every request, static files and API included, so every response carries the headers.
  matcher: ["/:path*"],
};
