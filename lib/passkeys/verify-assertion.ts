import "server-only";
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { type AssertionExpectation, type AssertionProblem, assertionProblem, signatureCounter } from "./check-assertion";
import type { AuthenticationResponseInput } from "./passkey.schema";

/** A registered passkey's row, as the callers lock it. */
export type StoredPasskey = { credential_id: string; algorithm: number; public_key: Uint8Array; public_key_spki: Uint8Array; counter: bigint };

/** The assertion's bytes, as stored with a passkey-signed sign-off. */
export type AssertionParts = { authenticatorData: Buffer; clientDataJSON: Buffer; signature: Buffer };

export type AssertionCheck =
  | { ok: true; counter: number; parts: AssertionParts }
  /** Our own check against the stored key (challenge, origin, relying party, user presence and verification, signature). */
  | { ok: false; kind: "assertion"; problem: AssertionProblem }
  /** A counter that did not move on: a replayed assertion, or a copied passkey. */
  | { ok: false; kind: "replay"; counter: number; last: number }
  /** The library's verification refused it (`error` when it threw). */
  | { ok: false; kind: "library"; error?: string };

/**
 * Every check a passkey assertion passes, for signing in (lib/passkeys/passkey-sign-in.ts)
 * and for signing a release (lib/signoffs/passkey-signature.ts): our own
 * check against the stored public key, a signature counter that moved on
 * (an authenticator that keeps one must show a higher one each time; one that
 * keeps none always says 0), and @simplewebauthn's verification as well: both
 * must accept. The first failure is returned; on success, the new counter
 * and the assertion's bytes.
 */
export async function verifyPasskeyAssertion(assertion: AuthenticationResponseInput, passkey: StoredPasskey, expected: AssertionExpectation): Promise<AssertionCheck> {
  const parts: AssertionParts = {
    authenticatorData: Buffer.from(assertion.response.authenticatorData, "base64url"),
    clientDataJSON: Buffer.from(assertion.response.clientDataJSON, "base64url"),
    signature: Buffer.from(assertion.response.signature, "base64url"),
  };
  const problem = assertionProblem({ ...parts, algorithm: passkey.algorithm, spki: passkey.public_key_spki }, expected);
  if (problem) return { ok: false, kind: "assertion", problem };
  const counter = signatureCounter(parts.authenticatorData) ?? 0;
  const last = Number(passkey.counter);
  if ((counter > 0 || last > 0) && counter <= last) return { ok: false, kind: "replay", counter, last };
  const library = await verifyAuthenticationResponse({
    response: assertion as AuthenticationResponseJSON,
    expectedChallenge: expected.challenge,
    expectedOrigin: expected.origin,
    expectedRPID: expected.rpId,
    credential: { id: passkey.credential_id, publicKey: new Uint8Array(passkey.public_key), counter: last },
    requireUserVerification: true,
  }).then(
    (result) => (result.verified ? null : {}),
    (error: unknown) => ({ error: error instanceof Error ? error.message.split("\n")[0]!.slice(0, 160) : "unknown error" }),
  );
  if (library) return { ok: false, kind: "library", ...library };
  return { ok: true, counter, parts };
}
