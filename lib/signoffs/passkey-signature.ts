import "server-only";
import type { Tx } from "../db/client";
import { AppError } from "../errors/app-error";
import type { AssertionProblemCode } from "../passkeys/check-assertion";
import { verifyPasskeyAssertion } from "../passkeys/verify-assertion";
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
  const check = await verifyPasskeyAssertion(assertion, passkey, { challenge, origin: rp.origin, rpId: rp.rpId });
  if (!check.ok) {
    if (check.kind === "assertion") refuse(PROBLEM_MESSAGES[check.problem.code](rp), check.problem.code === "challenge" ? "CONFLICT" : "BAD_REQUEST");
    if (check.kind === "replay") refuse(`Your passkey's signature counter did not move on (${check.counter}, last seen ${check.last}): the signature was replayed, or the passkey was copied.`);
    refuse(check.error ? `Your passkey signature does not verify (${check.error}).` : PROBLEM_MESSAGES.signature(rp));
  }
  const { counter, parts } = check;

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
