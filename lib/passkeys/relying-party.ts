import { publicOrigin } from "../config/settings";
import { AppError } from "../errors/app-error";
import { requestOrigin } from "../security/same-origin";

/**
 * The WebAuthn relying party passkeys are bound to: the origin people open
 * Countersign at and its host name (the RP id). COUNTERSIGN_PUBLIC_URL when
 * set; else the origin the request was sent to, by the same rules as the
 * same-origin check (lib/security/same-origin.ts: a forwarded host and scheme
 * only from a trusted proxy). A passkey works only at the host it was
 * registered for, and browsers refuse IP addresses as an RP id.
 */
export type RelyingParty = { origin: string; rpId: string; name: string };

export const RELYING_PARTY_NAME = "Countersign";

export function relyingPartyFor(headers: Headers, env: Record<string, string | undefined> = process.env): RelyingParty {
  const configured = env.COUNTERSIGN_PUBLIC_URL?.trim();
  const request = requestOrigin(headers);
  if (configured) {
    const origin = publicOrigin(configured);
    if (!origin) throw new AppError("UNAVAILABLE", "Passkeys are unavailable: COUNTERSIGN_PUBLIC_URL is not a valid public URL.");
    if (request && request.origin !== origin.origin) {
      throw new AppError("BAD_REQUEST", `Passkeys work at ${origin.origin} only (COUNTERSIGN_PUBLIC_URL); open Countersign there to use them.`);
    }
    return { origin: origin.origin, rpId: origin.hostname, name: RELYING_PARTY_NAME };
  }
  if (!request) throw new AppError("BAD_REQUEST", "Passkeys are unavailable: the request does not say which address Countersign was opened at.");
  if (isIpAddress(request.hostname)) {
    throw new AppError(
      "BAD_REQUEST",
      `Passkeys need Countersign to be opened at a host name, not an IP address (${request.hostname}): use its DNS name (or localhost), or set COUNTERSIGN_PUBLIC_URL.`,
    );
  }
  return { origin: request.origin, rpId: request.hostname, name: RELYING_PARTY_NAME };
}

function isIpAddress(hostname: string): boolean {
  return hostname.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(hostname);
}
