import "server-only";
import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { knownTransports } from "./passkey.schema";
import { SUPPORTED_ALGORITHM_IDS } from "./public-key";
import type { RelyingParty } from "./relying-party";

/** A user's passkeys, at most. */
export const MAX_PASSKEYS_PER_USER = 10;
/** How long a registration challenge may be answered. */
export const REGISTRATION_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * The options the browser needs to create a passkey for this user
 * (navigator.credentials.create): a random challenge, kept server-side for
 * five minutes and usable once; the relying party; the user's existing
 * passkeys to exclude; user verification required (a PIN or biometric, not
 * just a touch). Starting again replaces the user's earlier challenge.
 */
export async function startPasskeyRegistration(user: { id: string; email: string; name: string }, rp: RelyingParty): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await db.passkey.findMany({ where: { userId: user.id }, select: { credentialId: true, transports: true } });
  if (existing.length >= MAX_PASSKEYS_PER_USER) {
    throw new AppError("BAD_REQUEST", `You have ${MAX_PASSKEYS_PER_USER} passkeys; remove one before registering another.`);
  }
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.rpId,
    userName: user.email,
    userDisplayName: user.name,
    // The user handle: the account's id (16 bytes), never shown.
    userID: new Uint8Array(Buffer.from(user.id.replaceAll("-", ""), "hex")),
    attestationType: "none",
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: knownTransports(passkey.transports) })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "required" },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHM_IDS,
    timeout: REGISTRATION_TIMEOUT_MS,
  });
  const now = new Date();
  await db.$transaction([
    db.webauthnChallenge.deleteMany({ where: { OR: [{ userId: user.id }, { expiresAt: { lt: now } }] } }),
    db.webauthnChallenge.create({
      data: { challenge: options.challenge, userId: user.id, origin: rp.origin, rpId: rp.rpId, expiresAt: new Date(now.getTime() + REGISTRATION_TIMEOUT_MS) },
    }),
  ]);
  return options;
}
