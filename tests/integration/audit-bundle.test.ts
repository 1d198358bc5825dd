import { execFileSync, spawnSync } from "node:child_process";
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseChain } from "../../lib/audit/append-event";
import { canonicalJson } from "../../lib/audit/canonical-json";
import { checkpointConfig, loadSigningKey, publicKeyFingerprint, publicKeyPem } from "../../lib/audit/checkpoints";
import { exportReleaseBundle } from "../../lib/audit/export-bundle";
import { getPublicKey } from "../../lib/audit/get-public-key";
import { hashEvent, GENESIS_HASH } from "../../lib/audit/hash";
import { rotateCheckpointKey } from "../../lib/audit/rotate-key";
import { verifyTrail } from "../../lib/audit/verify-trail";
import { db } from "../../lib/db/client";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { setupTestDatabase } from "../support/database";
import { changeNote, completeItems, createSigner, createStagingRelease, importReference, sign as signRole } from "../support/signoffs";

/**
 * The third party's procedure, exactly as the bundle's README gives it: unpack
 * with tar in a clean folder, run the README's one command with nothing on the
 * PATH but tar, gzip, openssl and python3, and compare the fingerprint it
 * prints with the one the operator published. Each forgery below is made the
 * way an attacker with the bundle (and any tool) would make it, then repacked;
 * each must be refused with a message naming what broke.
 */

type Event = { chain: string; seq: number; type: string; prevHash: string; hash: string; data: Record<string, unknown>; [key: string]: unknown };
type Run = { status: number | null; stdout: string; stderr: string };

let root: string;
let tools: string;
let cleanRuns = 0;

/** A folder whose only programs are the standard tools the README allows. */
async function standardTools(): Promise<string> {
  const dir = path.join(root, "tools");
  await mkdir(dir);
  for (const tool of ["tar", "gzip", "openssl"]) {
    await symlink(execFileSync("/bin/sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim(), path.join(dir, tool));
  }
  // The interpreter itself, not a version manager's shim (which would need more on the PATH).
  const python = execFileSync("python3", ["-c", "import os, sys; print(os.path.realpath(sys.executable))"], { encoding: "utf8" }).trim();
  await symlink(python, path.join(dir, "python3"));
  return dir;
}

/** Nothing of the test process leaks into the procedure: only the tools, a home and a UTF-8 locale. */
const toolEnv = (): NodeJS.ProcessEnv => ({ PATH: tools, HOME: root, LANG: "C.UTF-8", NODE_ENV: "test" });

/** The README's command: the single ```sh block of the bundle's own README. */
function readmeCommand(readme: string): string {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!.trim());
  expect(blocks, "the README gives exactly one command").toHaveLength(1);
  return blocks[0]!;
}

/** Unpacks `archive` with tar into a fresh folder and runs the README's command there (plus `args`). */
async function verifyAsThirdParty(archive: string, args = ""): Promise<Run & { readme: string }> {
  cleanRuns += 1;
  const folder = path.join(root, `run-${cleanRuns}`);
  await mkdir(folder);
  execFileSync("tar", ["xzf", archive, "-C", folder], { env: toolEnv() });
  const readme = await readFile(path.join(folder, "README.md"), "utf8");
  const result = spawnSync("/bin/sh", ["-c", `${readmeCommand(readme)}${args}`], { cwd: folder, env: toolEnv(), encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, readme };
}

const trustedFingerprintOf = (stdout: string) => /^trusted key fingerprint: ([0-9a-f]{64})$/m.exec(stdout)?.[1];

/** Unpacks the genuine bundle for an attacker to edit; `forge` edits the folder; returns the repacked archive. */
async function forged(archive: string, name: string, forge: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(root, `forge-${name}`);
  await mkdir(dir);
  execFileSync("tar", ["xzf", archive, "-C", dir]);
  await forge(dir);
  const out = path.join(root, `${name}.tar.gz`);
  execFileSync("tar", ["czf", out, "-C", dir, "."]);
  return out;
}

async function readEvents(dir: string): Promise<Event[]> {
  return (await readFile(path.join(dir, "events.jsonl"), "utf8"))
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Event);
}

async function writeEvents(dir: string, events: Event[]): Promise<void> {
  await writeFile(path.join(dir, "events.jsonl"), events.map((event) => JSON.stringify(event)).join("\n") + "\n");
}

/** Recomputes every prevHash and hash with the README's formula, as a forger would. */
function rechain(events: Event[]): Event[] {
  let prev = GENESIS_HASH;
  return events.map((event) => {
    const next = { ...event, prevHash: prev } as Event;
    next.hash = hashEvent(prev, next as never);
    prev = next.hash;
    return next;
  });
}

/** The forger's summary: checkpoints.json with the recomputed heads (what the old README's verifier trusted). */
async function writeSummary(dir: string, events: Event[]): Promise<void> {
  const names = (await readdir(path.join(dir, "checkpoints"))).filter((name) => name.endsWith(".json"));
  const summary = [];
  for (const name of names) {
    const body = JSON.parse(await readFile(path.join(dir, "checkpoints", name), "utf8")) as { heads: Record<string, { seq: number }> };
    const seq = body.heads[events[0]!.chain]!.seq;
    summary.push({ file: `checkpoints/${name}`, seq, hash: events[seq - 1]!.hash });
  }
  await writeFile(path.join(dir, "checkpoints.json"), JSON.stringify(summary));
}

/** Rewrites every checkpoint's head for the chain to the forged events' hashes, signed with `key` when given. */
async function resignCheckpoints(dir: string, events: Event[], key?: KeyObject): Promise<void> {
  const folder = path.join(dir, "checkpoints");
  for (const name of (await readdir(folder)).filter((file) => file.endsWith(".json"))) {
    const body = JSON.parse(await readFile(path.join(folder, name), "utf8")) as { heads: Record<string, { seq: number; hash: string }> };
    const head = body.heads[events[0]!.chain]!;
    head.hash = events[head.seq - 1]!.hash;
    const bytes = Buffer.from(canonicalJson(body));
    await writeFile(path.join(folder, name), bytes);
    if (key) await writeFile(path.join(folder, name.replace(/\.json$/, ".sig")), sign(null, bytes, key));
  }
}

/** Changes the signer's printed name in the signoff.signed event. */
function editSigner(events: Event[]): Event[] {
  const signed = events.find((event) => event.type === "signoff.signed");
  expect(signed, "the bundle holds a signoff.signed event").toBeDefined();
  const after = (signed!.data as { after: { printedName: string } }).after;
  expect(after.printedName).toContain("Signer");
  after.printedName = "Forged Person";
  return events;
}

describe("evidence bundle: the README's one command, run as a third party", () => {
  setupTestDatabase();
  let releaseId: string;
  let genuine: string;
  let published: string;
  let events: Event[];

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "countersign-bundle-"));
    tools = await standardTools();
    process.env.COUNTERSIGN_CHECKPOINT_KEY = path.join(root, "key.pem");
    process.env.COUNTERSIGN_CHECKPOINT_DIR = path.join(root, "checkpoints");
    await ensureDefaultSignoffRoles();
    const release = await createStagingRelease(await importReference());
    releaseId = release.id;
    await completeItems(releaseId);
    await signRole(await createSigner(["tech-lead"], "Tech Signer"), releaseId, "Tech Lead");
    // One more event after the sign-off's checkpoint: only the export's own checkpoint covers it.
    const first = await db.itemState.findFirstOrThrow({ where: { releaseId }, orderBy: { position: "asc" } });
    await changeNote(releaseId, first.itemKey, "checked — ✓ naïve café, שלום, a\u200bb");
    // What the operator published out of band: the key's fingerprint as the API gives it.
    published = (await getPublicKey()).fingerprint;
    const bundle = await exportReleaseBundle(releaseId);
    genuine = path.join(root, bundle.fileName);
    await writeFile(genuine, bundle.bytes);
    const dir = path.join(root, "genuine");
    await mkdir(dir);
    execFileSync("tar", ["xzf", genuine, "-C", dir]);
    events = await readEvents(dir);
  });

  afterAll(async () => {
    delete process.env.COUNTERSIGN_CHECKPOINT_KEY;
    delete process.env.COUNTERSIGN_CHECKPOINT_DIR;
    await rm(root, { recursive: true, force: true });
  });

  it("holds the README, the events, the signed checkpoints, the public key and the verifier, and no unsigned summary", async () => {
    const files = execFileSync("tar", ["tzf", genuine], { encoding: "utf8" }).trim().split("\n").sort();
    expect(files.filter((file) => !file.startsWith("checkpoints/"))).toEqual(["README.md", "events.jsonl", "public-key.pem", "verify.py"]);
    const checkpoints = files.filter((file) => file.startsWith("checkpoints/"));
    expect(checkpoints.length).toBeGreaterThanOrEqual(4);
    expect(checkpoints.filter((file) => file.endsWith(".json")).map((file) => file.replace(/\.json$/, ".sig"))).toEqual(checkpoints.filter((file) => file.endsWith(".sig")));
  });

  it("the genuine bundle passes, and prints the published fingerprint, which openssl and sha256 also give", async () => {
    const run = await verifyAsThirdParty(genuine);
    expect(run.stdout).toMatch(new RegExp(`^intact: ${events.length} events of release:${releaseId}, head #${events.length} ${events.at(-1)!.hash}$`, "m"));
    expect(run.stdout).toMatch(/checkpoints\/\d{4}\.json, signed \S+Z, covers the last event/);
    expect(run.status).toBe(0);
    expect(trustedFingerprintOf(run.stdout)).toBe(published);
    expect(run.readme).toContain(published);
    const der = execFileSync("openssl", ["pkey", "-pubin", "-in", path.join(root, "genuine", "public-key.pem"), "-outform", "DER"]);
    expect(execFileSync("sha256sum", { input: der, encoding: "utf8" }).split(" ")[0]).toBe(published);
    const checked = await verifyAsThirdParty(genuine, ` --fingerprint ${published}`);
    expect(checked.stdout).toContain("It matches the published fingerprint.");
    expect(checked.status).toBe(0);
  });

  it("the export signed a checkpoint over the release's last event", async () => {
    const folder = path.join(root, "genuine", "checkpoints");
    const last = (await readdir(folder)).filter((name) => name.endsWith(".json")).sort().at(-1)!;
    const body = JSON.parse(await readFile(path.join(folder, last), "utf8")) as { heads: Record<string, { seq: number; hash: string }> };
    expect(body.heads).toEqual({ [releaseChain(releaseId)]: { seq: events.length, hash: events.at(-1)!.hash } });
  });

  it("an edited signer name, with the chain recomputed and the summary rewritten, is refused against the signed heads", async () => {
    const archive = await forged(genuine, "signer", async (dir) => {
      const edited = rechain(editSigner(await readEvents(dir)));
      await writeEvents(dir, edited);
      await writeSummary(dir, edited);
    });
    const run = await verifyAsThirdParty(archive);
    expect(run.stdout).toMatch(/^broken: event \d+ differs from the event checkpoints\/\d{4}\.json signed: the events were changed and the chain recomputed$/m);
    expect(run.stdout).not.toContain("intact");
    expect(run.status).toBe(1);
  });

  it("rewriting the signed checkpoints to match the edited chain breaks their signatures", async () => {
    const archive = await forged(genuine, "signer-and-heads", async (dir) => {
      const edited = rechain(editSigner(await readEvents(dir)));
      await writeEvents(dir, edited);
      await resignCheckpoints(dir, edited);
    });
    const run = await verifyAsThirdParty(archive);
    expect(run.stdout).toMatch(/^broken: the signature of checkpoints\/\d{4}\.json does not verify with the trusted key [0-9a-f]{64}/m);
    expect(run.status).toBe(1);
  });

  it("a dropped last event is refused: the export's checkpoint signed it", async () => {
    const archive = await forged(genuine, "dropped", async (dir) => writeEvents(dir, (await readEvents(dir)).slice(0, -1)));
    const run = await verifyAsThirdParty(archive);
    expect(run.stdout).toMatch(new RegExp(`^broken: checkpoints/\\d{4}\\.json signed event ${events.length}, but events.jsonl ends at event ${events.length - 1}: events were dropped$`, "m"));
    expect(run.status).toBe(1);
  });

  it("an event appended after the last signed checkpoint is refused: nothing signed it", async () => {
    const archive = await forged(genuine, "appended", async (dir) => {
      const all = await readEvents(dir);
      const last = all.at(-1)!;
      await writeEvents(dir, rechain([...all, { ...last, seq: last.seq + 1, data: { ...last.data, note: "added later" } }]));
    });
    const run = await verifyAsThirdParty(archive);
    expect(run.stdout).toMatch(new RegExp(`^broken: events ${events.length + 1}\\.\\.${events.length + 1} are not covered by any signed checkpoint`, "m"));
    expect(run.status).toBe(1);
  });

  it("reordered events are refused, whether left as they are or renumbered and rechained", async () => {
    const swapped = await forged(genuine, "reordered", async (dir) => {
      const all = await readEvents(dir);
      [all[1], all[2]] = [all[2]!, all[1]!];
      await writeEvents(dir, all);
    });
    const plain = await verifyAsThirdParty(swapped);
    expect(plain.stdout).toMatch(/^broken: events.jsonl line 2 holds event 3 where event 2 belongs: events are missing or out of order$/m);
    expect(plain.status).toBe(1);

    const renumbered = await forged(genuine, "reordered-rechained", async (dir) => {
      const all = await readEvents(dir);
      [all[1], all[2]] = [all[2]!, all[1]!];
      await writeEvents(dir, rechain(all.map((event, index) => ({ ...event, seq: index + 1 }))));
    });
    const rechained = await verifyAsThirdParty(renumbered);
    expect(rechained.stdout).toMatch(/^broken: event \d+ differs from the event checkpoints\/\d{4}\.json signed/m);
    expect(rechained.status).toBe(1);
  });

  it("checkpoints re-signed by a different key are refused", async () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const archive = await forged(genuine, "other-key", async (dir) => {
      const edited = rechain(editSigner(await readEvents(dir)));
      await writeEvents(dir, edited);
      await resignCheckpoints(dir, edited, privateKey);
    });
    const run = await verifyAsThirdParty(archive);
    expect(run.stdout).toMatch(
      new RegExp(`^broken: the signature of checkpoints/0001\\.json does not verify with the trusted key ${published} or a key it rotated to: the checkpoint was altered or signed by another key$`, "m"),
    );
    expect(run.status).toBe(1);
  });

  it("a replaced public-key.pem is caught by the fingerprint comparison the README asks for", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const archive = await forged(genuine, "replaced-key", async (dir) => {
      const edited = rechain(editSigner(await readEvents(dir)));
      await writeEvents(dir, edited);
      await resignCheckpoints(dir, edited, privateKey);
      await writeFile(path.join(dir, "public-key.pem"), publicKeyPem(publicKey));
    });
    // The bundle is consistent with itself: only the key it trusts gives it away.
    const run = await verifyAsThirdParty(archive);
    expect(run.readme).toMatch(/Compare the printed fingerprint with the one your organisation published/);
    const printed = trustedFingerprintOf(run.stdout);
    expect(printed).toBe(publicKeyFingerprint(publicKey));
    expect(printed).not.toBe(published);
    // The same comparison, done by the script as the README offers.
    const checked = await verifyAsThirdParty(archive, ` --fingerprint ${published}`);
    expect(checked.stdout).toMatch(new RegExp(`^broken: public-key.pem has fingerprint ${printed}, not the published ${published}: this is not the operator's key$`, "m"));
    expect(checked.status).toBe(1);
  });

  it("a key rotation slipped into the bundle is refused: the first key did not sign it", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const archive = await forged(genuine, "forged-rotation", async (dir) => {
      const first = await readFile(path.join(dir, "public-key.pem"), "utf8");
      const statement = {
        version: 1,
        type: "countersign.key-rotation",
        createdAt: new Date().toISOString(),
        previousFingerprint: publicKeyFingerprint(first),
        previousKey: first,
        fingerprint: publicKeyFingerprint(publicKey),
        publicKey: publicKeyPem(publicKey),
      };
      await mkdir(path.join(dir, "rotations"));
      const bytes = Buffer.from(canonicalJson(statement));
      await writeFile(path.join(dir, "rotations", "0001.json"), bytes);
      await writeFile(path.join(dir, "rotations", "0001.sig"), sign(null, bytes, privateKey));
    });
    const run = await verifyAsThirdParty(archive);
    expect(run.stdout).toMatch(new RegExp(`^broken: the signature of rotations/0001\\.json does not verify with key ${published}: the key rotation is forged$`, "m"));
    expect(run.status).toBe(1);
  });

  it("an unreadable checkpoint key refuses the export with 503's message, writing no checkpoint", async () => {
    const keyFile = process.env.COUNTERSIGN_CHECKPOINT_KEY!;
    const before = await readdir(path.join(root, "checkpoints"));
    process.env.COUNTERSIGN_CHECKPOINT_KEY = root; // a directory, not a key
    try {
      await expect(exportReleaseBundle(releaseId)).rejects.toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/^Cannot export the bundle: the checkpoint key or its rotations cannot be read/) });
    } finally {
      process.env.COUNTERSIGN_CHECKPOINT_KEY = keyFile;
    }
    expect(await readdir(path.join(root, "checkpoints"))).toEqual(before);
  });

  describe("across a key rotation", () => {
    let rotated: Awaited<ReturnType<typeof rotateCheckpointKey>>;

    beforeAll(async () => {
      const firstKey = publicKeyPem(await loadSigningKey(checkpointConfig().keyFile, false));
      rotated = await rotateCheckpointKey();
      expect(rotated.previousFingerprint).toBe(publicKeyFingerprint(firstKey));
      const first = await db.itemState.findFirstOrThrow({ where: { releaseId }, orderBy: { position: "asc" } });
      await changeNote(releaseId, first.itemKey, "after the rotation");
    });

    it("the old key signed the new one; the published key lists the rotation", async () => {
      expect(rotated.fingerprint).not.toBe(published);
      expect(rotated.previousFingerprint).toBe(published);
      const key = await getPublicKey();
      expect(key).toMatchObject({ fingerprint: rotated.fingerprint, firstFingerprint: published });
      expect(key.rotations).toEqual([{ createdAt: expect.any(String), previousFingerprint: published, fingerprint: rotated.fingerprint }]);
    });

    it("a bundle that crossed the rotation verifies from the first key's fingerprint, and names the rotation", async () => {
      const bundle = await exportReleaseBundle(releaseId);
      const archive = path.join(root, "rotated.tar.gz");
      await writeFile(archive, bundle.bytes);
      const run = await verifyAsThirdParty(archive, ` --fingerprint ${published}`);
      expect(run.stdout).toMatch(/^intact: \d+ events/m);
      expect(run.stdout).toMatch(new RegExp(`^  rotated at \\S+ to ${rotated.fingerprint}$`, "m"));
      expect(trustedFingerprintOf(run.stdout)).toBe(published);
      expect(run.status).toBe(0);
      expect(execFileSync("tar", ["tzf", archive], { encoding: "utf8" })).toContain("rotations/0001.sig");
    });

    it("the app's own verifier follows the rotation from the first key, and refuses a different first key", async () => {
      const chain = releaseChain(releaseId);
      const firstKey = await readFile(path.join(root, "genuine", "public-key.pem"), "utf8");
      expect((await verifyTrail({ chain, publicKeyPem: firstKey })).status).toBe("intact");
      expect((await verifyTrail({ chain })).status).toBe("intact");
      const stranger = publicKeyPem(generateKeyPairSync("ed25519").publicKey);
      const report = await verifyTrail({ chain, publicKeyPem: stranger });
      expect(report.status).toBe("broken");
      expect(report.break?.detail).toMatch(/invalid signature.*retires key [0-9a-f]{64}, but the key in force is/);
      await expect(verifyTrail({ chain, publicKeyPem: "not a key" })).rejects.toThrow("the given public key is not a PEM public key");
    });

    it("a second rotation while one is under way is refused, changing nothing", async () => {
      const { keyFile, dir } = checkpointConfig();
      const staged = `${keyFile}.new`;
      const [keyBefore, rotationsBefore] = [await readFile(keyFile, "utf8"), await readdir(path.join(dir, "rotations"))];
      await writeFile(staged, "another rotation's key");
      try {
        await expect(rotateCheckpointKey()).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Another key rotation is under way") });
        expect(await readFile(staged, "utf8")).toBe("another rotation's key");
      } finally {
        await rm(staged);
      }
      expect(await readFile(keyFile, "utf8")).toBe(keyBefore);
      expect(await readdir(path.join(dir, "rotations"))).toEqual(rotationsBefore);
    });
  });
});
