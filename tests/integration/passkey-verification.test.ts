import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseChain } from "../../lib/audit/append-event";
import { exportReleaseBundle } from "../../lib/audit/export-bundle";
import { verifyTrail } from "../../lib/audit/verify-trail";
import { db } from "../../lib/db/client";
import { registerPasskey } from "../../lib/passkeys/register-passkey";
import { startPasskeyRegistration } from "../../lib/passkeys/start-passkey-registration";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { currentContentHash, signOff } from "../../lib/signoffs/sign-off";
import { signingChallengeBase64url } from "../../lib/signoffs/passkey-challenge";
import { startPasskeySigning } from "../../lib/signoffs/start-passkey-signing";
import { connect } from "../support/audit";
import { ThirdParty } from "../support/bundle";
import { runCli } from "../support/cli";
import { setupTestDatabase } from "../support/database";
import { SoftwareAuthenticator, TEST_RP } from "../support/passkeys";
import { completeItems, createSigner, createStagingRelease, importReference, sign, type Signer } from "../support/signoffs";

/**
 * Passkey signatures checked after the fact (docs/decisions/024), by the
 * app's verifier (`countersign audit verify`) against the database, and by
 * the evidence bundle's own command as a third party runs it. A sign-off whose
 * row was edited, whose assertion was replayed from another release, whose
 * public key was swapped or whose signature column was tampered with fails
 * verification, and the report names the sign-off.
 */

const context = setupTestDatabase();

type Entry = { signoffId: string; releaseId: string; role: string; meaning: string; contentHash: string; auditHead: { seq: number; hash: string }; publicKey: string; authenticatorData: string; clientDataJSON: string; signature: string; credentialId: string; algorithm: string; origin: string; rpId: string };

let root: string;
let thirdParty: ThirdParty;
let templateId: string;
let signer: Signer;
let authenticator: SoftwareAuthenticator;
let edSigner: Signer;
let edAuthenticator: SoftwareAuthenticator;

async function withPasskey(who: Signer, key = new SoftwareAuthenticator()): Promise<SoftwareAuthenticator> {
  const options = await startPasskeyRegistration(who.user, TEST_RP);
  await registerPasskey(who.context, { name: "Laptop", response: key.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }) }, TEST_RP);
  return key;
}

async function signWithPasskey(who: Signer, key: SoftwareAuthenticator, releaseId: string, role: string, meaning = `I approve as ${role}`) {
  const { hash } = await currentContentHash(releaseId, role);
  const { options } = await startPasskeySigning(who.user, { releaseId, role, meaning, shownHash: hash }, TEST_RP);
  const passkey = key.assert({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin });
  return signOff(who.context, { releaseId, role, meaning, passkey, shownHash: hash, confirm: "yes" }, { relyingParty: TEST_RP });
}

/** A ready release with Tech Lead signed by passkey (ES256); returns it and the sign-off's id. */
async function passkeySigned(): Promise<{ releaseId: string; signoffId: string }> {
  const release = await createStagingRelease(templateId);
  await completeItems(release.id);
  const { id } = await signWithPasskey(signer, authenticator, release.id, "Tech Lead");
  return { releaseId: release.id, signoffId: id };
}

async function asOwner(sql: string, values: unknown[]): Promise<void> {
  const client = await connect(context.database.ownerUrl);
  try {
    const result = await client.query(sql, values);
    expect(result.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

async function exportTo(releaseId: string, name: string): Promise<string> {
  const bundle = await exportReleaseBundle(releaseId);
  const file = path.join(root, `${name}.tar.gz`);
  await writeFile(file, bundle.bytes);
  return file;
}

const entriesIn = async (dir: string): Promise<{ version: number; signatures: Entry[] }> => JSON.parse(await readFile(path.join(dir, "passkey-signatures.json"), "utf8"));
const writeEntries = (dir: string, body: { version: number; signatures: Entry[] }) => writeFile(path.join(dir, "passkey-signatures.json"), JSON.stringify(body));

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "countersign-passkey-"));
  thirdParty = await ThirdParty.in(root);
  process.env.COUNTERSIGN_CHECKPOINT_KEY = path.join(root, "key.pem");
  process.env.COUNTERSIGN_CHECKPOINT_DIR = path.join(root, "checkpoints");
  await ensureDefaultSignoffRoles();
  templateId = await importReference();
  signer = await createSigner(["tech-lead"], "Tess Passkey");
  authenticator = await withPasskey(signer);
  edSigner = await createSigner(["qa-lead"], "Quinn Ed");
  edAuthenticator = await withPasskey(edSigner, new SoftwareAuthenticator("Ed25519"));
});

afterAll(async () => {
  delete process.env.COUNTERSIGN_CHECKPOINT_KEY;
  delete process.env.COUNTERSIGN_CHECKPOINT_DIR;
  await rm(root, { recursive: true, force: true });
});

describe("a release signed with passkeys (ES256 and Ed25519) and a password", () => {
  let releaseId: string;
  let genuine: string;
  let entries: Entry[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const release = await createStagingRelease(templateId);
    releaseId = release.id;
    await completeItems(releaseId);
    ids.tech = (await signWithPasskey(signer, authenticator, releaseId, "Tech Lead", "Approved — “ready” ✓")).id;
    ids.qa = (await signWithPasskey(edSigner, edAuthenticator, releaseId, "QA Lead")).id;
    ids.security = (await sign(await createSigner(["security-engineer"], "Sam Password"), releaseId, "Security Engineer")).id;
    genuine = await exportTo(releaseId, "genuine");
    const dir = await thirdParty.forge(genuine, "read-genuine", async () => undefined).then(() => path.join(root, "forge-read-genuine"));
    entries = (await entriesIn(dir)).signatures;
  });

  it("the app's verifier checks both passkey signatures and reports the trail intact", async () => {
    const report = await verifyTrail({ chain: releaseChain(releaseId) });
    expect(report).toMatchObject({ status: "intact", signatures: { passkey: 2 } });
    expect((await verifyTrail()).status).toBe("intact");
  });

  it("the bundle carries both passkey signatures with their keys, and its own command verifies them", async () => {
    expect(entries.map((entry) => [entry.signoffId, entry.algorithm])).toEqual([
      [ids.tech, "ES256"],
      [ids.qa, "Ed25519"],
    ]);
    const tech = entries[0]!;
    expect(tech.publicKey).toBe(authenticator.publicKey.export({ type: "spki", format: "pem" }));
    expect(tech).toMatchObject({ releaseId, role: "Tech Lead", meaning: "Approved — “ready” ✓", origin: TEST_RP.origin, rpId: TEST_RP.rpId });
    const run = await thirdParty.verify(genuine);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^intact: \d+ events of release:/m);
    expect(run.stdout).toContain("2 sign-off(s) signed with the signer's passkey, each checked against the key its event recorded:");
    expect(run.stdout).toContain(`sign-off ${ids.tech} (Tech Lead, Tess Passkey): passkey signature valid, key ${authenticator.fingerprint} (ES256), made at ${TEST_RP.origin}`);
    expect(run.stdout).toContain(`sign-off ${ids.qa} (QA Lead, Quinn Ed): passkey signature valid, key ${edAuthenticator.fingerprint} (Ed25519), made at ${TEST_RP.origin}`);
    expect(run.stdout).not.toContain(ids.security);
    expect(run.readme).toContain("`passkey-signatures.json`: the 2 sign-off(s) signed with the signer's own passkey");
    expect(run.status).toBe(0);
  });

  it("the bundle's command refuses an edited sign-off (its meaning), naming it", async () => {
    const archive = await thirdParty.forge(genuine, "edited-meaning", async (dir) => {
      const body = await entriesIn(dir);
      body.signatures[0]!.meaning = "Approved, with reservations";
      await writeEntries(dir, body);
    });
    const run = await thirdParty.verify(archive);
    expect(run.stdout).toMatch(
      new RegExp(`^broken: sign-off ${ids.tech} \\(Tech Lead, Tess Passkey\\): the passkey did not sign this sign-off's release, role, meaning, content hash and audit head: the sign-off was changed after signing, or its signature was copied from another$`, "m"),
    );
    expect(run.status).toBe(1);
  });

  it("the bundle's command refuses an assertion replayed from another release, naming the sign-off", async () => {
    const other = await passkeySigned();
    const otherDir = await thirdParty.forge(await exportTo(other.releaseId, "other"), "read-other", async () => undefined).then(() => path.join(root, "forge-read-other"));
    const replayed = (await entriesIn(otherDir)).signatures[0]!;
    const archive = await thirdParty.forge(genuine, "replayed", async (dir) => {
      const body = await entriesIn(dir);
      Object.assign(body.signatures[0]!, { authenticatorData: replayed.authenticatorData, clientDataJSON: replayed.clientDataJSON, signature: replayed.signature });
      await writeEntries(dir, body);
    });
    const run = await thirdParty.verify(archive);
    expect(run.stdout).toMatch(new RegExp(`^broken: sign-off ${ids.tech} \\(Tech Lead, Tess Passkey\\): the passkey did not sign this sign-off's release`, "m"));
    expect(run.status).toBe(1);
  });

  it("the bundle's command refuses a swapped public key that signs the right statement, naming the sign-off", async () => {
    const archive = await thirdParty.forge(genuine, "swapped-key", async (dir) => {
      const body = await entriesIn(dir);
      const entry = body.signatures[0]!;
      const forger = new SoftwareAuthenticator();
      const challenge = signingChallengeBase64url({ releaseId: entry.releaseId, role: entry.role, meaning: entry.meaning, contentHash: entry.contentHash, auditHead: entry.auditHead });
      const forged = forger.assert({ challenge, rpId: entry.rpId, origin: entry.origin, counter: 99 });
      Object.assign(entry, { publicKey: forger.publicKey.export({ type: "spki", format: "pem" }), ...forged.response });
      await writeEntries(dir, body);
    });
    const run = await thirdParty.verify(archive);
    expect(run.stdout).toMatch(
      new RegExp(`^broken: sign-off ${ids.tech} \\(Tech Lead, Tess Passkey\\): its public key \\(fingerprint [0-9a-f]{64}\\) is not the one event \\d+ recorded \\(${authenticator.fingerprint}\\): the key was swapped$`, "m"),
    );
    expect(run.status).toBe(1);
  });

  it("the bundle's command refuses a tampered signature, naming the sign-off (Ed25519 too)", async () => {
    for (const index of [0, 1]) {
      const archive = await thirdParty.forge(genuine, `tampered-signature-${index}`, async (dir) => {
        const body = await entriesIn(dir);
        const bytes = Buffer.from(body.signatures[index]!.signature, "base64url");
        bytes[bytes.length - 3]! ^= 0x01;
        body.signatures[index]!.signature = bytes.toString("base64url");
        await writeEntries(dir, body);
      });
      const run = await thirdParty.verify(archive);
      const [id, who] = index === 0 ? [ids.tech, "Tech Lead, Tess Passkey"] : [ids.qa, "QA Lead, Quinn Ed"];
      expect(run.stdout).toMatch(new RegExp(`^broken: sign-off ${id} \\(${who}\\): its signature does not verify with its public key [0-9a-f]{64}$`, "m"));
      expect(run.status).toBe(1);
    }
  });

  it("the bundle's command refuses a bundle whose passkey signatures were removed", async () => {
    const archive = await thirdParty.forge(genuine, "removed", async (dir) => unlink(path.join(dir, "passkey-signatures.json")));
    const run = await thirdParty.verify(archive);
    expect(run.stdout).toMatch(new RegExp(`^broken: sign-off ${ids.tech} was signed with a passkey \\(event \\d+\\), but the bundle holds no passkey-signatures.json$`, "m"));
    expect(run.status).toBe(1);
  });

  it("the bundle's command refuses a password sign-off passed off as a passkey one in the file (its event says otherwise)", async () => {
    const archive = await thirdParty.forge(genuine, "added", async (dir) => {
      const body = await entriesIn(dir);
      body.signatures.push({ ...body.signatures[0]!, signoffId: ids.security!, role: "Security Engineer" });
      await writeEntries(dir, body);
    });
    const run = await thirdParty.verify(archive);
    expect(run.stdout).toMatch(new RegExp(`^broken: sign-off ${ids.security} \\(Security Engineer, Tess Passkey\\): no signoff.signed event of release:${releaseId} says it was signed with a passkey$`, "m"));
    expect(run.status).toBe(1);
  });
});

describe("the app's verifier against a tampered database, and the bundle exported from it", () => {
  it("names a sign-off whose row was edited", async () => {
    const { releaseId, signoffId } = await passkeySigned();
    await asOwner(`UPDATE signoffs SET meaning = 'I approve, on reflection' WHERE id = $1`, [signoffId]);
    const report = await verifyTrail({ chain: releaseChain(releaseId) });
    expect(report.status).toBe("broken");
    expect(report.break).toMatchObject({ kind: "signature", chain: releaseChain(releaseId) });
    expect(report.break?.detail).toBe(
      `sign-off ${signoffId} (Tech Lead, Tess Passkey): the passkey did not sign this sign-off's release, role, meaning, content hash and audit head: the sign-off was changed after signing, or its signature was copied from another`,
    );
    expect((await verifyTrail()).break?.detail).toContain(signoffId);
  });

  it("names a sign-off carrying an assertion replayed from another release", async () => {
    const target = await passkeySigned();
    const source = await passkeySigned();
    await asOwner(
      `UPDATE signoff_passkey_signatures t SET authenticator_data = s.authenticator_data, client_data_json = s.client_data_json, signature = s.signature
       FROM signoff_passkey_signatures s WHERE t.signoff_id = $1 AND s.signoff_id = $2`,
      [target.signoffId, source.signoffId],
    );
    const report = await verifyTrail({ chain: releaseChain(target.releaseId) });
    expect(report.break).toMatchObject({ kind: "signature" });
    expect(report.break?.detail).toMatch(new RegExp(`^sign-off ${target.signoffId} \\(Tech Lead, Tess Passkey\\): the passkey did not sign this sign-off's release`));
  });

  it("names a sign-off whose public key was swapped for one that signs the same statement", async () => {
    const { releaseId, signoffId } = await passkeySigned();
    const row = await db.signoff.findUniqueOrThrow({ where: { id: signoffId } });
    const forger = new SoftwareAuthenticator();
    const challenge = signingChallengeBase64url({ releaseId, role: row.role, meaning: row.meaning, contentHash: row.contentHash, auditHead: { seq: row.auditSeq, hash: row.auditHash } });
    const forged = forger.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin, counter: 50 });
    await asOwner(
      `UPDATE signoff_passkey_signatures SET public_key_spki = $2, fingerprint = $3, authenticator_data = $4, client_data_json = $5, signature = $6 WHERE signoff_id = $1`,
      [
        signoffId,
        forger.publicKey.export({ type: "spki", format: "der" }),
        forger.fingerprint,
        Buffer.from(forged.response.authenticatorData, "base64url"),
        Buffer.from(forged.response.clientDataJSON, "base64url"),
        Buffer.from(forged.response.signature, "base64url"),
      ],
    );
    const report = await verifyTrail({ chain: releaseChain(releaseId) });
    expect(report.break?.detail).toBe(
      `sign-off ${signoffId} (Tech Lead, Tess Passkey): its public key (fingerprint ${forger.fingerprint}) is not the one recorded when it was signed (${authenticator.fingerprint}): the key was swapped`,
    );
    // The bundle exported from this database says the same, in its own words.
    const run = await thirdParty.verify(await exportTo(releaseId, "db-swapped"));
    expect(run.stdout).toMatch(new RegExp(`^broken: sign-off ${signoffId} \\(Tech Lead, Tess Passkey\\): its public key \\(fingerprint ${forger.fingerprint}\\) is not the one event \\d+ recorded`, "m"));
    expect(run.status).toBe(1);
  });

  it("names a sign-off whose signature column was tampered with, in the app and in the exported bundle", async () => {
    const { releaseId, signoffId } = await passkeySigned();
    await asOwner(`UPDATE signoff_passkey_signatures SET signature = overlay(signature placing '\\x00'::bytea from 20 for 1) WHERE signoff_id = $1`, [signoffId]);
    const report = await verifyTrail({ chain: releaseChain(releaseId) });
    expect(report.break?.detail).toBe(`sign-off ${signoffId} (Tech Lead, Tess Passkey): the passkey signature does not check out: its signature does not verify with the public key`);
    const run = await thirdParty.verify(await exportTo(releaseId, "db-tampered"));
    expect(run.stdout).toMatch(new RegExp(`^broken: sign-off ${signoffId} \\(Tech Lead, Tess Passkey\\): its signature does not verify with its public key ${authenticator.fingerprint}$`, "m"));
    expect(run.status).toBe(1);
  });

  it("names a sign-off whose stored signature was deleted", async () => {
    const { releaseId, signoffId } = await passkeySigned();
    await asOwner(`DELETE FROM signoff_passkey_signatures WHERE signoff_id = $1`, [signoffId]);
    const report = await verifyTrail({ chain: releaseChain(releaseId) });
    expect(report.break?.detail).toBe(`sign-off ${signoffId} (Tech Lead): its event says it was signed with a passkey, but its signature is missing`);
  });

  it("`countersign audit verify` counts the passkey signatures, then exits 1 naming the tampered sign-off", { timeout: 90_000 }, async () => {
    const { releaseId, signoffId } = await passkeySigned();
    const env = { DATABASE_URL: context.database.appUrl, DATABASE_OWNER_URL: context.database.ownerUrl };
    const intact = await runCli(["audit", "verify", "--chain", releaseChain(releaseId)], env);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toContain("1 passkey signature(s) of sign-offs verified");
    await asOwner(`UPDATE signoffs SET content_hash = repeat('0', 64) WHERE id = $1`, [signoffId]);
    const broken = await runCli(["audit", "verify", "--chain", releaseChain(releaseId)], env);
    expect(broken.stdout.trim()).toMatch(new RegExp(`^broken: signature at release:${releaseId} #\\d+: sign-off ${signoffId} \\(Tech Lead, Tess Passkey\\): the passkey did not sign this sign-off's`));
    expect(broken.code).toBe(1);
  });
});
