import "server-only";
import { type CheckpointConfig, checkpointConfig } from "./checkpoints";
import { loadKeyHistory } from "./key-history";

/**
 * The checkpoint key as the app publishes it (GET /api/v1/audit/public-key,
 * `countersign audit key`, the archive page): the current public key and its
 * fingerprint, the first key's fingerprint (where verification of a bundle
 * starts) and each rotation since. Fingerprint: lib/audit/checkpoints.ts.
 */
export type PublishedKey = {
  algorithm: "Ed25519";
  publicKeyPem: string;
  fingerprint: string;
  firstFingerprint: string;
  rotations: { createdAt: string; previousFingerprint: string; fingerprint: string }[];
};

export async function getPublicKey(config: CheckpointConfig = checkpointConfig()): Promise<PublishedKey> {
  const history = await loadKeyHistory(config);
  return {
    algorithm: "Ed25519",
    publicKeyPem: history.current.publicKeyPem,
    fingerprint: history.current.fingerprint,
    firstFingerprint: history.keys[0]!.fingerprint,
    rotations: history.rotations.slice(0, history.keys.length - 1).map(({ statement }) => ({
      createdAt: statement.createdAt,
      previousFingerprint: statement.previousFingerprint,
      fingerprint: statement.fingerprint,
    })),
  };
}
