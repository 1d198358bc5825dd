import "server-only";
import { verifyRegistrationResponse, type RegistrationResponseJSON } from "@simplewebauthn/server";
import { db, Prisma } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { parseClientData } from "./check-assertion";
import { knownTransports, registerPasskeySchema, type RegisterPasskeyInput } from "./passkey.schema";
import { ALGORITHM_NAMES, fromCoseKey, type PasskeyPublicKey } from "./public-key";
import type { RelyingParty } from "./relying-party";
import { MAX_PASSKEYS_PER_USER } from "./start-passkey-registration";
import type { PasskeyView } from "./list-passkeys";

const refuse = (message: string, code: "BAD_REQUEST" | "CONFLICT" = "BAD_REQUEST"): never => {
  throw new AppError(code, `${message} Nothing was registered.`, { response: [message] });
};

/**
 * Registers the passkey the browser created for the signed-in user: the
 * challenge must be the one this server issued to this user less than five
 * minutes ago, and is used up by the attempt whatever its outcome; the
 * browser's answer must be for this site (origin) and relying party (RP id),
 * with the user verified; the key must be ES256, Ed25519 or RS256. Stores the
 * public key (COSE and SPKI), its fingerprint and counter, and audits
 * `passkey.registered` with the fingerprint on the global chain.
 */
export async function registerPasskey(context: AuditContext & { user: { id: string; name: string; email: string } }, raw: RegisterPasskeyInput, rp: RelyingParty): Promise<PasskeyView> {
  const input = registerPasskeySchema.parse(raw);
  const userId = context.user.id;
  const clientData = parseClientData(Buffer.from(input.response.response.clientDataJSON, "base64url"));
  const challenge = typeof clientData?.challenge === "string" ? clientData.challenge : "";
  // Used once: taken out before anything is checked, so a failed attempt cannot be retried with the same answer.
  const [issued] = challenge
    ? await db.$queryRaw<{ origin: string; rp_id: string; expires_at: Date }[]>`
        DELETE FROM webauthn_challenges WHERE challenge = ${challenge} AND user_id = ${userId}::uuid RETURNING origin, rp_id, expires_at`
    : [];
  if (!issued || issued.expires_at.getTime() < Date.now()) refuse("This registration has expired or was already used; start again.");
  if (issued!.origin !== rp.origin || issued!.rp_id !== rp.rpId) refuse(`This registration was started at ${issued!.origin}; finish it there.`);
  if (clientData?.origin !== rp.origin) refuse(`The passkey was created for ${JSON.stringify(clientData?.origin)}, not for ${rp.origin}.`);

  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response: input.response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: true,
    });
  } catch (error) {
    return refuse(`The browser's answer does not verify (${firstSentence(error)}).`);
  }
  if (!verified.verified) return refuse("The browser's answer does not verify.");
  const { credential } = verified.registrationInfo;
  let key: PasskeyPublicKey;
  try {
    key = fromCoseKey(credential.publicKey);
  } catch (error) {
    return refuse(`This passkey's key cannot be used (${firstSentence(error)}).`);
  }

  try {
    return await db.$transaction(async (tx) => {
      const count = await tx.passkey.count({ where: { userId } });
      if (count >= MAX_PASSKEYS_PER_USER) refuse(`You have ${MAX_PASSKEYS_PER_USER} passkeys; remove one first.`);
      const row = await tx.passkey.create({
        data: {
          userId,
          credentialId: credential.id,
          publicKey: new Uint8Array(credential.publicKey),
          publicKeySpki: new Uint8Array(key.spki),
          algorithm: key.algorithm,
          fingerprint: key.fingerprint,
          counter: BigInt(credential.counter),
          transports: knownTransports(input.response.response.transports ?? credential.transports),
          name: input.name,
          rpId: rp.rpId,
        },
        select: { id: true, name: true, fingerprint: true, algorithm: true, rpId: true, createdAt: true, lastUsedAt: true },
      });
      await appendAuditEvent(tx, context, {
        type: "passkey.registered",
        subject: { kind: "user", id: userId, label: `${context.user.name} <${context.user.email}>` },
        data: { after: { name: input.name, credentialId: credential.id, fingerprint: key.fingerprint, algorithm: ALGORITHM_NAMES[key.algorithm], rpId: rp.rpId } },
      });
      return { ...row, algorithm: ALGORITHM_NAMES[key.algorithm] };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return refuse("This passkey is already registered.", "CONFLICT");
    throw error;
  }
}

const firstSentence = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
