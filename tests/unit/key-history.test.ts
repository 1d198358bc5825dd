import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publicKeyFingerprint, publicKeyPem } from "../../lib/audit/checkpoints";
import { keyHistory, loadRotations, type RotationStatement, rotationSignedBytes, ROTATIONS_DIR, writeRotation } from "../../lib/audit/key-history";

/** Following key rotations from the first key: each statement must be signed by the key in force and name it. */
describe("key history", () => {
  let dir: string;
  const key = () => generateKeyPairSync("ed25519").privateKey;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "countersign-key-history-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("never rotated: the current key is the only trusted key", async () => {
    const current = key();
    const history = keyHistory(await loadRotations(dir), publicKeyPem(current));
    expect(history.keys.map((entry) => entry.fingerprint)).toEqual([publicKeyFingerprint(current)]);
    expect(history.problem).toBeUndefined();
  });

  it("two rotations: three keys, in order, each from its statement's time; the first key comes from the first statement", async () => {
    const [k0, k1, k2] = [key(), key(), key()];
    const first = await writeRotation(dir, k0, k1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await writeRotation(dir, k1, k2);
    const history = keyHistory(await loadRotations(dir), publicKeyPem(k2));
    expect(history.problem).toBeUndefined();
    expect(history.keys.map((entry) => entry.fingerprint)).toEqual([k0, k1, k2].map((entry) => publicKeyFingerprint(entry)));
    expect(history.keys[1]!.since).toBe(first.statement.createdAt);
  });

  it("a statement the key in force did not sign stops the walk, naming the file", async () => {
    const [k0, k1, stranger] = [key(), key(), key()];
    await writeRotation(dir, k0, k1);
    const rotations = await loadRotations(dir);
    const forged = { ...rotations[0]!, signature: sign(null, rotationSignedBytes(rotations[0]!.statement), stranger).toString("base64") };
    const history = keyHistory([forged], publicKeyPem(k1));
    expect(history.keys).toHaveLength(1);
    expect(history.problem).toBe(`${forged.file} is not signed by key ${publicKeyFingerprint(k0)}`);
  });

  it("a statement retiring another key than the one in force stops the walk", async () => {
    const [k0, k1] = [key(), key()];
    await writeRotation(dir, k0, k1);
    const stranger = key();
    const history = keyHistory(await loadRotations(dir), publicKeyPem(k1), publicKeyPem(stranger));
    expect(history.keys.map((entry) => entry.fingerprint)).toEqual([publicKeyFingerprint(stranger)]);
    expect(history.problem).toMatch(new RegExp(`retires key ${publicKeyFingerprint(k0)}, but the key in force is ${publicKeyFingerprint(stranger)}$`));
  });

  it("a signed statement whose fingerprint does not match the key it names stops the walk", async () => {
    const [k0, k1] = [key(), key()];
    const statement: RotationStatement = {
      version: 1,
      type: "countersign.key-rotation",
      createdAt: new Date().toISOString(),
      previousFingerprint: publicKeyFingerprint(k0),
      previousKey: publicKeyPem(k0),
      fingerprint: "0".repeat(64),
      publicKey: publicKeyPem(k1),
    };
    const history = keyHistory([{ file: `${ROTATIONS_DIR}/x.json`, statement, signature: sign(null, rotationSignedBytes(statement), k0).toString("base64") }], publicKeyPem(k1));
    expect(history.keys).toHaveLength(1);
    expect(history.problem).toBe(`${ROTATIONS_DIR}/x.json names key ${"0".repeat(64)}, but its public key has another fingerprint`);
  });
});
