import "server-only";
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { Tx } from "../db/client";
import { AppError } from "../errors/app-error";
import { type AssertionProblemCode, assertionProblem, signatureCounter } from "../passkeys/check-assertion";
import type { AuthenticationResponseInput } from "../passkeys/passkey.schema";
import { spkiFingerprint } from "../passkeys/public-key";
import type { RelyingParty } from "../passkeys/relying-party";
import { type SignedStatement, signingChallengeBase64url } from "./passkey-challenge";

/**
 * A sign-off made with the signer's passkey (docs/decisions/024): the
 * assertion is checked inside the signing transaction, under the release's
 * row lock, against the challenge derived from exactly what is being signed
 * (the release, role, meaning, content hash and audit head read under that
 * lock), this site's origin and relying party, user verification, and a
 * signature counter that moved on; the passkey's row is locked so two
 * signatures with one passkey are checked one after the other. Every refusal
 * throws before anything is written.
 */

export type VerifiedPasskeySignature = {
  passkeyId: string;
  credentialId: string;
  algorithm: number;
  publicKey: Uint8Array;
  publicKeySpki: Uint8Array;
  fingerprint: string;
  authenticatorData: Buffer;
  clientDataJSON: Buffer;
  signature: Buffer;
  counter: number;
  origin: string;
  rpId: string;
};

const PROBLEM_MESSAGES: Record<AssertionProblemCode, (rp: RelyingParty) => string> = {
  client_data: () => "This is not a passkey signature Countersign can read.",
  type: () => "This is not a passkey signature (it is not a WebAuthn assertion).",
  challenge: () =>
    "Your passkey signed something else: the release changed while you confirmed, or the signature belongs to another release, role or meaning. Review the release and sign again.",
  origin: (rp) => `Your passkey signature was not made at ${rp.origin}.`,
  rp_id: (rp) => `Your passkey signature is for another site, not ${rp.rpId}.`,
  user_presence: () => "Your passkey did not see you confirm.",
  user_verification: () => "Your passkey did not verify you (PIN, fingerprint or face).",
  signature: () => "Your passkey signature does not verify with the key you registered.",
};

function refuse(message: string, code: "BAD_REQUEST" | "CONFLICT" = "BAD_REQUEST"): never {
  throw new AppError(code, `${message} Nothing was signed.`, { passkey: [message] });
}

export async function verifyPasskeySignature(
  tx: Tx,
  input: { userId: string; assertion: AuthenticationResponseInput; statement: SignedStatement; relyingParty: RelyingParty },
): Promise<VerifiedPasskeySignature> {
  const { assertion, relyingParty: rp } = input;
  const [passkey] = await tx.$queryRaw<{ id: string; credential_id: string; algorithm: number; public_key: Uint8Array; public_key_spki: Uint8Array; counter: bigint }[]>`
    SELECT id::text, credential_id, algorithm, public_key, public_key_spki, counter FROM passkeys
    WHERE credential_id = ${assertion.id} AND user_id = ${input.userId}::uuid FOR UPDATE`;
  if (!passkey) refuse("This passkey is not registered to your account.");

  const challenge = signingChallengeBase64url(input.statement);
  const parts = {
    authenticatorData: Buffer.from(assertion.response.authenticatorData, "base64url"),
    clientDataJSON: Buffer.from(assertion.response.clientDataJSON, "base64url"),
    signature: Buffer.from(assertion.response.signature, "base64url"),
  };
  const problem = assertionProblem({ ...parts, algorithm: passkey.algorithm, spki: passkey.public_key_spki }, { challenge, origin: rp.origin, rpId: rp.rpId });
  if (problem) refuse(PROBLEM_MESSAGES[problem.code](rp), problem.code === "challenge" ? "CONFLICT" : "BAD_REQUEST");
  const counter = signatureCounter(parts.authenticatorData) ?? 0;
  const last = Number(passkey.counter);
  // An authenticator that keeps a counter must show a higher one each time; one that keeps none always says 0.
  if ((counter > 0 || last > 0) && counter <= last) {
    refuse(`Your passkey's signature counter did not move on (${counter}, last seen ${last}): the signature was replayed, or the passkey was copied.`);
  }
  // The library's own verification as well: both must accept.
  const verified = await verifyAuthenticationResponse({
    response: assertion as AuthenticationResponseJSON,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpId,
    credential: { id: passkey.credential_id, publicKey: new Uint8Array(passkey.public_key), counter: last },
    requireUserVerification: true,
  }).catch((error: unknown) => refuse(`Your passkey signature does not verify (${error instanceof Error ? error.message.split("\n")[0]!.slice(0, 160) : "unknown error"}).`));
  if (!verified.verified) refuse(PROBLEM_MESSAGES.signature(rp));

  return {
    passkeyId: passkey.id,
    credentialId: passkey.credential_id,
    algorithm: passkey.algorithm,
    publicKey: passkey.public_key,
    publicKeySpki: passkey.public_key_spki,
    fingerprint: spkiFingerprint(passkey.public_key_spki),
    ...parts,
    counter,
    origin: rp.origin,
    rpId: rp.rpId,
  };
}

/** Stores the assertion with its sign-off and moves the passkey's counter on, in the signing transaction. */
export async function storePasskeySignature(tx: Tx, signoffId: string, signature: VerifiedPasskeySignature, signedAt: Date): Promise<void> {
  await tx.signoffPasskeySignature.create({
    data: {
      signoffId,
      credentialId: signature.credentialId,
      algorithm: signature.algorithm,
      publicKey: new Uint8Array(signature.publicKey),
      publicKeySpki: new Uint8Array(signature.publicKeySpki),
      fingerprint: signature.fingerprint,
      authenticatorData: new Uint8Array(signature.authenticatorData),
      clientDataJson: new Uint8Array(signature.clientDataJSON),
      signature: new Uint8Array(signature.signature),
      origin: signature.origin,
      rpId: signature.rpId,
      counter: BigInt(signature.counter),
    },
  });
  await tx.passkey.update({ where: { id: signature.passkeyId }, data: { counter: BigInt(signature.counter), lastUsedAt: signedAt } });
}
