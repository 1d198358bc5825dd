import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { decodeCredentialPublicKey, cose } from "@simplewebauthn/server/helpers";

/**
 * A passkey's public key in the forms Countersign keeps and shows: the COSE_Key
 * the authenticator registered, the same key as a DER SubjectPublicKeyInfo
 * (what openssl and the standalone verifier read), and its fingerprint, the
 * sha256 of that DER in lower-case hex (as `openssl pkey -pubin -outform DER |
 * sha256sum` gives). Three algorithms: ES256 (ECDSA P-256 with SHA-256, the
 * signature DER-encoded), EdDSA over Ed25519, RS256 (RSA PKCS#1 v1.5 with
 * SHA-256) — what platform authenticators and security keys use.
 */

export const PASSKEY_ALGORITHMS = { ES256: -7, EdDSA: -8, RS256: -257 } as const;
export type PasskeyAlgorithm = (typeof PASSKEY_ALGORITHMS)[keyof typeof PASSKEY_ALGORITHMS];
/** In order of preference: ES256 is what nearly every authenticator offers. */
export const SUPPORTED_ALGORITHM_IDS: PasskeyAlgorithm[] = [PASSKEY_ALGORITHMS.ES256, PASSKEY_ALGORITHMS.EdDSA, PASSKEY_ALGORITHMS.RS256];

export const ALGORITHM_NAMES: Record<PasskeyAlgorithm, string> = { [-7]: "ES256", [-8]: "Ed25519", [-257]: "RS256" };

export function isPasskeyAlgorithm(value: number): value is PasskeyAlgorithm {
  return (SUPPORTED_ALGORITHM_IDS as number[]).includes(value);
}

export type PasskeyPublicKey = { algorithm: PasskeyAlgorithm; spki: Buffer; fingerprint: string };

const b64url = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString("base64url") : undefined);

/** The COSE_Key as a public key (SPKI DER) and its fingerprint; throws on a key type or algorithm Countersign does not accept. */
export function fromCoseKey(coseKey: Uint8Array): PasskeyPublicKey {
  const decoded = decodeCredentialPublicKey(new Uint8Array(coseKey));
  const algorithm = decoded.get(cose.COSEKEYS.alg);
  let jwk: JsonWebKey;
  if (algorithm === PASSKEY_ALGORITHMS.ES256 && cose.isCOSEPublicKeyEC2(decoded) && decoded.get(cose.COSEKEYS.crv) === cose.COSECRV.P256) {
    jwk = { kty: "EC", crv: "P-256", x: b64url(decoded.get(cose.COSEKEYS.x)), y: b64url(decoded.get(cose.COSEKEYS.y)) };
  } else if (algorithm === PASSKEY_ALGORITHMS.EdDSA && cose.isCOSEPublicKeyOKP(decoded) && decoded.get(cose.COSEKEYS.crv) === cose.COSECRV.ED25519) {
    jwk = { kty: "OKP", crv: "Ed25519", x: b64url(decoded.get(cose.COSEKEYS.x)) };
  } else if (algorithm === PASSKEY_ALGORITHMS.RS256 && cose.isCOSEPublicKeyRSA(decoded)) {
    jwk = { kty: "RSA", n: b64url(decoded.get(cose.COSEKEYS.n)), e: b64url(decoded.get(cose.COSEKEYS.e)) };
  } else {
    throw new Error(`unsupported passkey key (COSE algorithm ${String(algorithm)}); Countersign accepts ES256, Ed25519 and RS256`);
  }
  const spki = createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "der" });
  return { algorithm, spki, fingerprint: spkiFingerprint(spki) };
}

export const spkiFingerprint = (spki: Uint8Array): string => createHash("sha256").update(spki).digest("hex");

export const spkiKey = (spki: Uint8Array): KeyObject => createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });

export const spkiPem = (spki: Uint8Array): string => spkiKey(spki).export({ type: "spki", format: "pem" }).toString();
