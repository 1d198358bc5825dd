import { requestOrigin } from "../security/same-origin";
import { publicOrigin } from "./settings";

/**
 * The origin links to Countersign are built on, for readers outside the
 * browser (a CI log, a webhook payload, GitHub's deployment page):
 * COUNTERSIGN_PUBLIC_URL when set; else the origin the request was sent to
 * (a forwarded host and scheme only from a trusted proxy,
 * lib/security/same-origin.ts); null when neither is known (work done off a
 * request, without the setting).
 */
export function publicBaseUrl(headers?: Headers, env: Record<string, string | undefined> = process.env): string | null {
  const configured = env.COUNTERSIGN_PUBLIC_URL?.trim();
  if (configured) return publicOrigin(configured)?.origin ?? null;
  return headers ? (requestOrigin(headers)?.origin ?? null) : null;
}

/** `path` on the public origin, or the path alone when the origin is unknown. */
export function publicLink(path: string, base: string | null): string {
  return base ? `${base}${path}` : path;
}
