import { createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { canonicalJson } from "./canonical-json";
import { type CheckpointConfig, loadSigningKey, publicKeyFingerprint, publicKeyPem } from "./checkpoints";

/**
 * The checkpoint key's history (docs/decisions/015). Each rotation is a
 * statement, signed by the key it retires, that names the key replacing it;
 * the statements live in `<checkpoint dir>/rotations/`. Trust starts at the
 * first key (the one whose fingerprint the operator published) and follows
 * each statement whose signature the key in force verifies. Every key reached
 * that way stays trusted for the checkpoints it signed.
 */

export type RotationStatement = {
  version: 1;
  type: "countersign.key-rotation";
  createdAt: string;
  previousFingerprint: string;
  previousKey: string;
  fingerprint: string;
  publicKey: string;
};
export type StoredRotation = { file: string; statement: RotationStatement; signature: string };
export type TrustedKey = { publicKeyPem: string; fingerprint: string; since?: string };
/** `keys` are the trusted keys, first key first; `problem` names the first statement that could not be followed. */
export type KeyHistory = { keys: TrustedKey[]; rotations: StoredRotation[]; problem?: string };

export const ROTATIONS_DIR = "rotations";

/** The bytes a rotation statement's signature covers. */
export function rotationSignedBytes(statement: RotationStatement): Buffer {
  return Buffer.from(canonicalJson(statement));
}

/** Every stored rotation statement, oldest first (file names start with the time). */
export async function loadRotations(checkpointDir: string): Promise<StoredRotation[]> {
  const dir = path.join(checkpointDir, ROTATIONS_DIR);
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  const rotations: StoredRotation[] = [];
  for (const name of names) {
    const stored = JSON.parse(await readFile(path.join(dir, name), "utf8")) as Omit<StoredRotation, "file">;
    rotations.push({ file: `${ROTATIONS_DIR}/${name}`, statement: stored.statement, signature: stored.signature });
  }
  return rotations;
}

/**
 * Follows the rotations from the first key: `firstKeyPem` when the caller
 * brings its own (the published key), else the key the first statement retires,
 * else (never rotated) `currentKeyPem`.
 */
export function keyHistory(rotations: StoredRotation[], currentKeyPem: string, firstKeyPem?: string): KeyHistory {
  const anchor = firstKeyPem ?? rotations[0]?.statement.previousKey ?? currentKeyPem;
  let current: TrustedKey = { publicKeyPem: publicKeyPem(createPublicKey(anchor)), fingerprint: publicKeyFingerprint(anchor) };
  const keys = [current];
  for (const rotation of rotations) {
    const { statement } = rotation;
    let problem: string | undefined;
    if (statement.previousFingerprint !== current.fingerprint) {
      problem = `${rotation.file} retires key ${statement.previousFingerprint}, but the key in force is ${current.fingerprint}`;
    } else if (!verifySigned(rotationSignedBytes(statement), rotation.signature, current.publicKeyPem)) {
      problem = `${rotation.file} is not signed by key ${current.fingerprint}`;
    } else if (fingerprintOf(statement.publicKey) !== statement.fingerprint) {
      problem = `${rotation.file} names key ${statement.fingerprint}, but its public key has another fingerprint`;
    }
    if (problem) return { keys, rotations, problem };
    current = { publicKeyPem: publicKeyPem(createPublicKey(statement.publicKey)), fingerprint: statement.fingerprint, since: statement.createdAt };
    keys.push(current);
  }
  return { keys, rotations };
}

/** Signs a statement retiring `oldKey` in favour of `newKey` and stores it; returns the stored rotation. */
export async function writeRotation(checkpointDir: string, oldKey: KeyObject, newKey: KeyObject): Promise<StoredRotation> {
  const statement: RotationStatement = {
    version: 1,
    type: "countersign.key-rotation",
    createdAt: new Date().toISOString(),
    previousFingerprint: publicKeyFingerprint(oldKey),
    previousKey: publicKeyPem(oldKey),
    fingerprint: publicKeyFingerprint(newKey),
    publicKey: publicKeyPem(newKey),
  };
  const signature = sign(null, rotationSignedBytes(statement), oldKey).toString("base64");
  const dir = path.join(checkpointDir, ROTATIONS_DIR);
  await mkdir(dir, { recursive: true });
  const name = `${statement.createdAt.replace(/[-:.]/g, "")}-${statement.fingerprint.slice(0, 12)}.json`;
  await writeFile(path.join(dir, name), `${JSON.stringify({ statement, signature }, null, 2)}\n`, { flag: "wx" });
  return { file: `${ROTATIONS_DIR}/${name}`, statement, signature };
}

function fingerprintOf(pem: string): string | undefined {
  try {
    return publicKeyFingerprint(pem);
  } catch {
    return undefined;
  }
}

function verifySigned(bytes: Buffer, signature: string, pem: string): boolean {
  try {
    return verify(null, bytes, createPublicKey(pem), Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

/**
 * The key history of a checkpoint store: rotations from `config.dir`, the
 * current key from `config.keyFile` (created on first use, like every signer).
 */
export async function loadKeyHistory(config: CheckpointConfig, firstKeyPem?: string): Promise<KeyHistory & { current: TrustedKey }> {
  const current = publicKeyPem(await loadSigningKey(config.keyFile));
  const history = keyHistory(await loadRotations(config.dir), current, firstKeyPem);
  return { ...history, current: { publicKeyPem: current, fingerprint: publicKeyFingerprint(current) } };
}
