import { CROSS_ORIGIN_MESSAGE, isSameOrigin } from "./same-origin";

/**
 * Server-action requests refused before Next.js reads them (proxy.ts,
 * docs/decisions/017). Next answers a foreign or `null` Origin, and a body
 * over `serverActions.bodySizeLimit`, with a 500 and a framework error; the
 * proxy answers 403 and 413 with the app's JSON error shape instead, and the
 * action never runs, so nothing is written.
 *
 * A server action is a POST carrying Next's `next-action` header, or any POST
 * to a page (a form posted without JavaScript); the app's other POST
 * endpoints are route handlers under /api/, which check their own origin
 * (lib/auth/api-route.ts) and size.
 */
export const SERVER_ACTION_BODY_LIMIT_MB = 2;
const LIMIT_BYTES = SERVER_ACTION_BODY_LIMIT_MB * 1024 * 1024;

export function isServerActionRequest(method: string, pathname: string, headers: Headers): boolean {
  return method === "POST" && (headers.has("next-action") || !pathname.startsWith("/api/"));
}

const refusal = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

/** The refusal for a server-action request, or null to let Next.js run it. */
export function serverActionRefusal(headers: Headers): Response | null {
  // A foreign or `null` Origin: Next.js would answer 500. A missing one passes Next.js, and validatedAction
  // (and sign-in) refuse it with the same message shown in the page, so it is left to them.
  if (headers.has("origin") && !isSameOrigin(headers)) return refusal(403, "FORBIDDEN", CROSS_ORIGIN_MESSAGE);
  const length = headers.get("content-length");
  // Browsers send the length of a server action's body; without it the size could only be known by reading it.
  if (length === null || !/^\d{1,15}$/.test(length.trim())) return refusal(411, "LENGTH_REQUIRED", "The request has no Content-Length; nothing was changed.");
  if (Number(length) > LIMIT_BYTES) {
    return refusal(413, "PAYLOAD_TOO_LARGE", `The request is larger than ${SERVER_ACTION_BODY_LIMIT_MB} MB; nothing was changed.`);
  }
  return null;
}
