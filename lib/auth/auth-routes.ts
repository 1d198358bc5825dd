/**
 * Which of Auth.js's HTTP endpoints (/api/auth/*) the app exposes
 * (docs/decisions/018). The app signs in and out through its own server
 * actions (app/sign-in/actions.ts), which call Auth.js in-process: the
 * origin check, the rate limits, and ending the session on the server
 * (lib/auth/end-session.ts) all live there. Auth.js's own endpoints would
 * bypass them; `POST /api/auth/signout`, for one, cleared the cookie but left
 * the session valid and wrote no event. So every endpoint answers 404 except
 * the callback of a redirect-based provider (OIDC: the identity provider
 * sends the browser back to GET /api/auth/callback/oidc), which exists only
 * when company sign-in is configured (issue 13, docs/decisions/027). Starting
 * a company sign-in is a server action too (app/sign-in/actions.ts).
 */
export function isExposedAuthRoute(method: string, segments: readonly string[], redirectProviderIds: readonly string[]): boolean {
  return method === "GET" && segments.length === 2 && segments[0] === "callback" && redirectProviderIds.includes(segments[1] ?? "");
}
