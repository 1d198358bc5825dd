import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign, verify } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { canonicalJson } from "./canonical-json";

/**
 * Signed checkpoints of chain heads, kept outside the database: an Ed25519
 * key in a file the database never sees, and one JSON file per checkpoint in
 * a directory. They make truncation and whole-chain rewrites detectable.
 */

export type Heads = Record<string, { seq: number; hash: string }>;
export type CheckpointBody = { version: 1; createdAt: string; heads: Heads };
export type Checkpoint = CheckpointBody & { publicKey: string; signature: string };
export type LoadedCheckpoint = { file: string; checkpoint: Checkpoint; valid: boolean };

export type CheckpointConfig = { keyFile: string; dir: string };

/**
 * Where the key and the checkpoints live: data chosen at run time, not source.
 * The ignore comments tell Turbopack so; without them it cannot scope these
 * paths, warns at every build and traces the whole project into the output.
 */
export function checkpointConfig(env: NodeJS.ProcessEnv = process.env): CheckpointConfig {
  const dataDir = path.resolve(/* turbopackIgnore: true */ env.COUNTERSIGN_DATA_DIR ?? ".data");
  return {
    keyFile: path.resolve(/* turbopackIgnore: true */ env.COUNTERSIGN_CHECKPOINT_KEY ?? path.join(dataDir, "checkpoint-key.pem")),
    dir: path.resolve(/* turbopackIgnore: true */ env.COUNTERSIGN_CHECKPOINT_DIR ?? path.join(dataDir, "checkpoints")),
  };
}

/** Loads the signing key, creating it (mode 0600) the first time. */
export async function loadSigningKey(keyFile: string, create = true): Promise<KeyObject> {
  if (!existsSync(keyFile)) {
    if (!create) throw new Error(`Checkpoint key ${keyFile} does not exist.`);
    const { privateKey } = generateKeyPairSync("ed25519");
    await mkdir(path.dirname(keyFile), { recursive: true });
    await writeFile(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  }
  return createPrivateKey(await readFile(keyFile));
}

export function publicKeyPem(key: KeyObject): string {
  return (key.type === "private" ? createPublicKey(key) : key).export({ type: "spki", format: "pem" }).toString();
}

/**
 * The key's fingerprint: SHA-256 of its DER SubjectPublicKeyInfo, lower-case
 * hex. The same figure comes from standard tools:
 *   openssl pkey -pubin -in public-key.pem -outform DER | sha256sum
 */
export function publicKeyFingerprint(key: KeyObject | string): string {
  const publicKey = typeof key === "string" ? createPublicKey(key) : key.type === "private" ? createPublicKey(key) : key;
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
}

export async function writeCheckpoint(config: CheckpointConfig, heads: Heads): Promise<{ file: string; checkpoint: Checkpoint }> {
  const key = await loadSigningKey(config.keyFile);
  const body: CheckpointBody = { version: 1, createdAt: new Date().toISOString(), heads };
  const signature = sign(null, checkpointSignedBytes(body), key).toString("base64");
  const checkpoint: Checkpoint = { ...body, publicKey: publicKeyPem(key), signature };
  await mkdir(config.dir, { recursive: true });
  const name = `${body.createdAt.replace(/[-:.]/g, "")}-${randomBytes(3).toString("hex")}.json`;
  const file = path.join(config.dir, name);
  await writeFile(file, `${JSON.stringify(checkpoint, null, 2)}\n`);
  return { file, checkpoint };
}

/** The bytes a checkpoint's signature covers: the canonical JSON of {version, createdAt, heads}. */
export function checkpointSignedBytes(checkpoint: CheckpointBody): Buffer {
  return Buffer.from(canonicalJson({ version: checkpoint.version, createdAt: checkpoint.createdAt, heads: checkpoint.heads }));
}

/** True when one of the trusted keys (a PEM, or every key of a rotation history) signed the checkpoint. */
export function verifyCheckpointSignature(checkpoint: Checkpoint, trusted: string | readonly string[]): boolean {
  const bytes = checkpointSignedBytes(checkpoint);
  for (const pem of typeof trusted === "string" ? [trusted] : trusted) {
    try {
      if (verify(null, bytes, createPublicKey(pem), Buffer.from(checkpoint.signature, "base64"))) return true;
    } catch {
      // Not a key, or not a signature: try the next key.
    }
  }
  return false;
}

/** Every checkpoint in the directory, oldest first, each checked against the trusted key(s). */
export async function loadCheckpoints(dir: string, trustedPublicKeyPem: string | readonly string[]): Promise<LoadedCheckpoint[]> {
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  const loaded: LoadedCheckpoint[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const checkpoint = JSON.parse(await readFile(file, "utf8")) as Checkpoint;
    loaded.push({ file: name, checkpoint, valid: verifyCheckpointSignature(checkpoint, trustedPublicKeyPem) });
  }
  return loaded;
}
