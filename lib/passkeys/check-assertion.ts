import { createHash, verify } from "node:crypto";
import { PASSKEY_ALGORITHMS, spkiKey } from "./public-key";

/**
 * Checks a WebAuthn assertion (a passkey signature) against what it must
 * say, with node:crypto only — the same steps the standalone verifier
 * (lib/audit/bundle/verify.py) takes with openssl (docs/decisions/024):
 *  1. clientDataJSON is JSON of type "webauthn.get", not made in a frame of another site;
 *  2. its challenge is the expected one (base64url);
 *  3. its origin is the expected origin;
 *  4. authenticatorData starts with sha256(rpId), and its flags say the user
 *     was present (UP) and verified (UV: PIN or biometric);
 *  5. the signature verifies over authenticatorData || sha256(clientDataJSON)
 *     with the public key (SPKI DER) and its algorithm.
 * Returns the first problem, or null. The signature counter is the caller's
 * (it needs the last counter seen).
 */

export type Assertion = {
  authenticatorData: Uint8Array;
  clientDataJSON: Uint8Array;
  signature: Uint8Array;
  algorithm: number;
  /** The public key, DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
};

export type AssertionExpectation = { challenge: string; origin: string; rpId: string };

export type AssertionProblemCode = "client_data" | "type" | "challenge" | "origin" | "rp_id" | "user_presence" | "user_verification" | "signature";
export type AssertionProblem = { code: AssertionProblemCode; detail: string };

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest();

export type ClientData = { type?: unknown; challenge?: unknown; origin?: unknown; crossOrigin?: unknown };

export function parseClientData(bytes: Uint8Array): ClientData | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as ClientData) : null;
  } catch {
    return null;
  }
}

/** The authenticator's signature counter (bytes 33–36 of authenticatorData, big-endian), or null when too short. */
export function signatureCounter(authenticatorData: Uint8Array): number | null {
  if (authenticatorData.length < 37) return null;
  return Buffer.from(authenticatorData).readUInt32BE(33);
}

export function assertionProblem(assertion: Assertion, expected: AssertionExpectation): AssertionProblem | null {
  const client = parseClientData(assertion.clientDataJSON);
  if (!client) return { code: "client_data", detail: "its clientDataJSON is not a JSON object" };
  if (client.type !== "webauthn.get") return { code: "type", detail: `its clientDataJSON is of type ${JSON.stringify(client.type)}, not "webauthn.get"` };
  if (client.challenge !== expected.challenge) {
    return { code: "challenge", detail: `it signed the challenge ${JSON.stringify(client.challenge)}, not ${expected.challenge}, which is derived from the sign-off` };
  }
  if (client.origin !== expected.origin) return { code: "origin", detail: `it was made at ${JSON.stringify(client.origin)}, not at ${expected.origin}` };
  if (client.crossOrigin === true) return { code: "origin", detail: "it was made inside a frame of another site" };
  const data = Buffer.from(assertion.authenticatorData);
  if (data.length < 37) return { code: "rp_id", detail: "its authenticatorData is too short" };
  if (!data.subarray(0, 32).equals(sha256(expected.rpId))) return { code: "rp_id", detail: `its authenticatorData is not for the relying party ${expected.rpId}` };
  const flags = data[32]!;
  if (!(flags & FLAG_USER_PRESENT)) return { code: "user_presence", detail: "the authenticator did not see the user (user presence flag not set)" };
  if (!(flags & FLAG_USER_VERIFIED)) return { code: "user_verification", detail: "the authenticator did not verify the user (user verification flag not set)" };
  if (!signatureVerifies(assertion)) return { code: "signature", detail: "its signature does not verify with the public key" };
  return null;
}

/** The signature over authenticatorData || sha256(clientDataJSON), with the key's algorithm (ES256 signatures are DER, as WebAuthn gives them). */
export function signatureVerifies(assertion: Assertion): boolean {
  const signed = Buffer.concat([Buffer.from(assertion.authenticatorData), sha256(assertion.clientDataJSON)]);
  try {
    const key = spkiKey(assertion.spki);
    const signature = Buffer.from(assertion.signature);
    if (assertion.algorithm === PASSKEY_ALGORITHMS.EdDSA) return key.asymmetricKeyType === "ed25519" && verify(null, signed, key, signature);
    if (assertion.algorithm === PASSKEY_ALGORITHMS.ES256) return key.asymmetricKeyType === "ec" && verify("sha256", signed, { key, dsaEncoding: "der" }, signature);
    if (assertion.algorithm === PASSKEY_ALGORITHMS.RS256) return key.asymmetricKeyType === "rsa" && verify("sha256", signed, key, signature);
    return false;
  } catch {
    return false;
  }
}
