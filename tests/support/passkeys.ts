import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

/**
 * A software authenticator for tests: a real key pair made with node:crypto,
 * and WebAuthn's byte layouts written here by hand (not with the library the
 * app verifies with), so the app's checks meet assertions made independently:
 *
 *   authenticatorData = sha256(rpId) (32) | flags (1) | signCount (4, big-endian) [| attested credential data]
 *   attested credential data = AAGUID (16) | credential id length (2) | credential id | COSE_Key
 *   signature = sign(authenticatorData || sha256(clientDataJSON))   (ES256: DER-encoded ECDSA)
 */

export const FLAGS = { UP: 0x01, UV: 0x04, AT: 0x40 } as const;

type Algorithm = "ES256" | "Ed25519";

export type RegistrationResponse = {
  id: string;
  rawId: string;
  type: "public-key";
  clientExtensionResults: Record<string, never>;
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
};

export type AssertionResponse = {
  id: string;
  rawId: string;
  type: "public-key";
  clientExtensionResults: Record<string, never>;
  response: { clientDataJSON: string; authenticatorData: string; signature: string };
};

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest();
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16);
  readonly publicKey: KeyObject;
  private readonly privateKey: KeyObject;
  counter: number;

  constructor(
    readonly algorithm: Algorithm = "ES256",
    options: { counter?: number } = {},
  ) {
    const pair = algorithm === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("ed25519");
    this.publicKey = pair.publicKey;
    this.privateKey = pair.privateKey;
    this.counter = options.counter ?? 0;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  /** sha256 of the DER SubjectPublicKeyInfo, computed from node's own export of the key. */
  get fingerprint(): string {
    return sha256(this.publicKey.export({ type: "spki", format: "der" })).toString("hex");
  }

  coseKey(): Uint8Array {
    const jwk = this.publicKey.export({ format: "jwk" });
    const x = Buffer.from(jwk.x!, "base64url");
    const map =
      this.algorithm === "ES256"
        ? new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, new Uint8Array(x)], [-3, new Uint8Array(Buffer.from(jwk.y!, "base64url"))]])
        : new Map<number, number | Uint8Array>([[1, 1], [3, -8], [-1, 6], [-2, new Uint8Array(x)]]);
    return isoCBOR.encode(map);
  }

  private authenticatorData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  /** navigator.credentials.create, answered: a "none" attestation of this key for `rpId`, made at `origin`. */
  register(options: { challenge: string; rpId: string; origin: string; flags?: number; type?: string }): RegistrationResponse {
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, Buffer.from(this.coseKey())]);
    const authData = this.authenticatorData(options.rpId, options.flags ?? FLAGS.UP | FLAGS.UV | FLAGS.AT, this.counter, attested);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: options.type ?? "webauthn.create", challenge: options.challenge, origin: options.origin, crossOrigin: false }));
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([["fmt", "none"], ["attStmt", new Map()], ["authData", new Uint8Array(authData)]]) as never);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ["internal"] },
    };
  }

  /**
   * navigator.credentials.get, answered: signs `challenge` (base64url) for `rpId` at `origin`. The counter moves
   * on by one unless `counter` is given; `flags` defaults to user present and verified.
   */
  assert(options: { challenge: string; rpId: string; origin: string; flags?: number; counter?: number; type?: string }): AssertionResponse {
    this.counter = options.counter ?? this.counter + 1;
    const authData = this.authenticatorData(options.rpId, options.flags ?? FLAGS.UP | FLAGS.UV, this.counter);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: options.type ?? "webauthn.get", challenge: options.challenge, origin: options.origin, crossOrigin: false }));
    const signed = Buffer.concat([authData, sha256(clientDataJSON)]);
    const signature = this.algorithm === "ES256" ? sign("sha256", signed, { key: this.privateKey, dsaEncoding: "der" }) : sign(null, signed, this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature) },
    };
  }
}

/** The relying party the tests act as: a host name (browsers refuse IP addresses), http on a port like the e2e server. */
export const TEST_RP = { origin: "https://countersign.example.test", rpId: "countersign.example.test", name: "Countersign" } as const;
