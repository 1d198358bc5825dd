import "server-only";
import { generateKeyPairSync } from "node:crypto";
import { existsSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { AppError } from "../errors/app-error";
import { checkpointHeads } from "./checkpoint-heads";
import { type CheckpointConfig, checkpointConfig, loadSigningKey, publicKeyFingerprint } from "./checkpoints";
import { writeRotation } from "./key-history";

/**
 * Replaces the checkpoint signing key (docs/decisions/015):
 *  1. every chain's head is checkpointed with the old key, so everything so far is signed by it;
 *  2. the old key signs a statement naming the new key (`<checkpoint dir>/rotations/`);
 *  3. the new private key takes the old one's place in the key file (written beside it, then renamed).
 * The old public key stays in the statement, so old checkpoints keep verifying;
 * the old private key is gone from the key file (destroy any copy of it).
 */
export async function rotateCheckpointKey(config: CheckpointConfig = checkpointConfig()): Promise<{ previousFingerprint: string; fingerprint: string; statement: string; sealedChains: number }> {
  if (!existsSync(config.keyFile)) throw new AppError("NOT_FOUND", `There is no checkpoint key at ${config.keyFile} to rotate from.`);
  // The staged key file doubles as the lock: a second rotation at the same time would fork the key history.
  const staged = `${config.keyFile}.new`;
  const { privateKey } = generateKeyPairSync("ed25519");
  try {
    await writeFile(staged, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    throw new AppError("CONFLICT", `Another key rotation is under way (${staged} exists); if none is, remove that file and try again.`);
  }
  try {
    const oldKey = await loadSigningKey(config.keyFile, false);
    const sealed = await checkpointHeads({ config });
    const rotation = await writeRotation(config.dir, oldKey, privateKey);
    await rename(staged, config.keyFile);
    return { previousFingerprint: publicKeyFingerprint(oldKey), fingerprint: rotation.statement.fingerprint, statement: rotation.file, sealedChains: sealed.chains };
  } catch (error) {
    await rm(staged, { force: true });
    throw error;
  }
}
