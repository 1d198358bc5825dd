import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { releaseChain } from "../../lib/audit/append-event";
import { db } from "../../lib/db/client";
import { registerPasskey } from "../../lib/passkeys/register-passkey";
import { startPasskeyRegistration } from "../../lib/passkeys/start-passkey-registration";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { listSignoffs } from "../../lib/signoffs/get-signoffs";
import { currentContentHash, signOff } from "../../lib/signoffs/sign-off";
import { startPasskeySigning } from "../../lib/signoffs/start-passkey-signing";
import { updateEnvironment } from "../../lib/environments/save-environment";
import { setupTestDatabase } from "../support/database";
import { FLAGS, SoftwareAuthenticator, TEST_RP } from "../support/passkeys";
import {
  completeItems,
  createSigner,
  createStagingRelease,
  importReference,
  jcs,
  refusalOf,
  sign,
  type Signer,
  signoffSnapshot,
} from "../support/signoffs";
import { testContext } from "../support/users";

/**
 * Signing with a passkey (issue 13, docs/decisions/024), with a software
 * authenticator: the challenge is derived from what is signed, the assertion
 * is checked under the release's row lock and stored with the sign-off, the
 * event records the method. Every bad assertion is refused with a message and
 * leaves the release, its signatures, its chain and the passkey's counter as
 * they were.
 */

setupTestDatabase();

let templateId: string;

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  templateId = await importReference();
});

/** A release whose every item is done: any role of it can be signed. */
async function readyRelease(environment = "staging"): Promise<string> {
  const release = await createStagingRelease(templateId, environment);
  await completeItems(release.id);
  return release.id;
}

async function withPasskey(signer: Signer, authenticator = new SoftwareAuthenticator()): Promise<SoftwareAuthenticator> {
  const options = await startPasskeyRegistration(signer.user, TEST_RP);
  await registerPasskey(signer.context, { name: "Laptop", response: authenticator.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }) }, TEST_RP);
  return authenticator;
}

type Prepared = { hash: string; challenge: string; statement: Awaited<ReturnType<typeof startPasskeySigning>>["statement"] };

/** What the dialog does before the browser prompt: the content hash shown, then the options with the derived challenge. */
async function prepare(signer: Signer, releaseId: string, role: string, meaning: string): Promise<Prepared> {
  const { hash } = await currentContentHash(releaseId, role);
  const { options, statement } = await startPasskeySigning(signer.user, { releaseId, role, meaning, shownHash: hash }, TEST_RP);
  return { hash, challenge: options.challenge, statement };
}

function submit(signer: Signer, releaseId: string, role: string, meaning: string, hash: string, passkey: ReturnType<SoftwareAuthenticator["assert"]>) {
  return signOff(signer.context, { releaseId, role, meaning, passkey, shownHash: hash, confirm: "yes" }, { relyingParty: TEST_RP });
}

const counterOf = async (authenticator: SoftwareAuthenticator) => (await db.passkey.findUniqueOrThrow({ where: { credentialId: authenticator.id } })).counter;

describe("signing with a passkey", () => {
  it("signs the derived challenge; stores the assertion and the key with the sign-off; the event records the method", async () => {
    const releaseId = await readyRelease();
    const signer = await createSigner(["tech-lead"], "Passkey Signer");
    const authenticator = await withPasskey(signer);
    const meaning = "I approve this release as Tech Lead — “ready” ✓";
    const { hash, challenge, statement } = await prepare(signer, releaseId, "Tech Lead", meaning);
    const head = await db.auditEvent.findFirstOrThrow({ where: { chain: releaseChain(releaseId) }, orderBy: { seq: "desc" } });
    expect(statement).toEqual({ releaseId, role: "Tech Lead", meaning, contentHash: hash, auditHead: { seq: head.seq, hash: head.hash } });
    // The challenge, computed here without the app's code: sha256 of the canonical JSON of exactly that statement.
    expect(challenge).toBe(createHash("sha256").update(jcs({ releaseId, role: "Tech Lead", meaning, contentHash: hash, auditHead: { seq: head.seq, hash: head.hash } })).digest("base64url"));

    const assertion = authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin });
    const result = await submit(signer, releaseId, "Tech Lead", meaning, hash, assertion);
    expect(result).toMatchObject({ method: "passkey", contentHash: hash });

    const stored = await db.signoffPasskeySignature.findUniqueOrThrow({ where: { signoffId: result.id } });
    expect(Buffer.from(stored.authenticatorData).toString("base64url")).toBe(assertion.response.authenticatorData);
    expect(Buffer.from(stored.clientDataJson).toString("base64url")).toBe(assertion.response.clientDataJSON);
    expect(Buffer.from(stored.signature).toString("base64url")).toBe(assertion.response.signature);
    expect(Buffer.from(stored.publicKeySpki)).toEqual(authenticator.publicKey.export({ type: "spki", format: "der" }));
    expect(stored).toMatchObject({ credentialId: authenticator.id, fingerprint: authenticator.fingerprint, algorithm: -7, origin: TEST_RP.origin, rpId: TEST_RP.rpId, counter: 1n });
    expect(await counterOf(authenticator)).toBe(1n);
    expect((await db.passkey.findUniqueOrThrow({ where: { credentialId: authenticator.id } })).lastUsedAt).not.toBeNull();

    const signoff = await db.signoff.findUniqueOrThrow({ where: { id: result.id } });
    expect(signoff).toMatchObject({ meaning, contentHash: hash, auditSeq: head.seq, auditHash: head.hash });
    const event = await db.auditEvent.findFirstOrThrow({ where: { chain: releaseChain(releaseId), type: "signoff.signed" } });
    expect(event.actor).toMatchObject({ id: signer.user.id, authentication: { method: "passkey", credentialId: authenticator.id, keyFingerprint: authenticator.fingerprint } });
    expect(event.data).toMatchObject({ after: { role: "Tech Lead", meaning, contentHash: hash, auditHead: { seq: head.seq, hash: head.hash }, signoffId: result.id } });

    const [view] = await listSignoffs(releaseId);
    expect(view).toMatchObject({ id: result.id, passkey: { fingerprint: authenticator.fingerprint, algorithm: "ES256" } });
  });

  it("records a password confirmation as such", async () => {
    const releaseId = await readyRelease();
    const signer = await createSigner(["qa-lead"]);
    const result = await sign(signer, releaseId, "QA Lead");
    expect(result.method).toBe("password");
    const event = await db.auditEvent.findFirstOrThrow({ where: { chain: releaseChain(releaseId), type: "signoff.signed" } });
    expect(event.actor).toMatchObject({ authentication: { method: "password" } });
    expect(await db.signoffPasskeySignature.count({ where: { signoffId: result.id } })).toBe(0);
    expect((await listSignoffs(releaseId))[0]!.passkey).toBeNull();
  });

  it("signs with an Ed25519 passkey too", async () => {
    const releaseId = await readyRelease();
    const signer = await createSigner(["security-engineer"]);
    const authenticator = await withPasskey(signer, new SoftwareAuthenticator("Ed25519"));
    const { hash, challenge } = await prepare(signer, releaseId, "Security Engineer", "Approved");
    const result = await submit(signer, releaseId, "Security Engineer", "Approved", hash, authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }));
    expect(await db.signoffPasskeySignature.findUniqueOrThrow({ where: { signoffId: result.id } })).toMatchObject({ algorithm: -8, fingerprint: authenticator.fingerprint });
  });

  describe("refusals: a message, and nothing written", () => {
    type Attempt = { signer: Signer; authenticator: SoftwareAuthenticator; releaseId: string };

    /**
     * `arrange` prepares an attempt against a fresh ready release and a signer with a passkey, and returns it; the attempt must be
     * refused, leaving the release, its signatures and chain, the passkey's counter and every stored assertion as they were.
     */
    async function expectRefused(arrange: (setup: Attempt) => Promise<() => Promise<unknown>>, expected: { code: string; message: RegExp }) {
      const releaseId = await readyRelease();
      const signer = await createSigner(["tech-lead"]);
      const authenticator = await withPasskey(signer);
      const attempt = await arrange({ signer, authenticator, releaseId });
      const before = { ...(await signoffSnapshot(releaseId)), counter: await counterOf(authenticator), signatures: await db.signoffPasskeySignature.count() };
      const refusal = await refusalOf(attempt());
      expect(refusal.code).toBe(expected.code);
      expect(refusal.message).toMatch(expected.message);
      expect(refusal.message).toMatch(/Nothing was signed\.$/);
      expect(refusal.fields.passkey?.[0]).toBeTruthy();
      const after = { ...(await signoffSnapshot(releaseId)), counter: await counterOf(authenticator), signatures: await db.signoffPasskeySignature.count() };
      expect(after).toEqual(before);
    }

    it("refuses an assertion over another meaning (wrong challenge)", async () => {
      await expectRefused(async ({ signer, authenticator, releaseId }) => {
        const { hash, challenge } = await prepare(signer, releaseId, "Tech Lead", "I approve");
        return () => submit(signer, releaseId, "Tech Lead", "I approve, and more", hash, authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }));
      }, { code: "CONFLICT", message: /^Your passkey signed something else/ });
    });

    it("refuses an assertion made before the release's trail moved on (the audit head is part of the challenge)", async () => {
      await expectRefused(async ({ signer, authenticator, releaseId }) => {
        const { hash, challenge } = await prepare(signer, releaseId, "Tech Lead", "I approve");
        // Someone else signs another role meanwhile: the release's chain has a new head.
        await sign(await createSigner(["qa-lead"]), releaseId, "QA Lead");
        return () => submit(signer, releaseId, "Tech Lead", "I approve", hash, authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }));
      }, { code: "CONFLICT", message: /^Your passkey signed something else/ });
    });

    it("refuses an assertion replayed from another release", async () => {
      await expectRefused(async ({ signer, authenticator, releaseId }) => {
        const other = await readyRelease();
        const { hash: otherHash, challenge } = await prepare(signer, other, "Tech Lead", "I approve");
        const assertion = authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin });
        await submit(signer, other, "Tech Lead", "I approve", otherHash, assertion);
        const { hash } = await currentContentHash(releaseId, "Tech Lead");
        return () => submit(signer, releaseId, "Tech Lead", "I approve", hash, assertion);
      }, { code: "CONFLICT", message: /^Your passkey signed something else/ });
    });

    it("refuses an assertion made at another origin", async () => {
      await expectRefused(async ({ signer, authenticator, releaseId }) => {
        const { hash, challenge } = await prepare(signer, releaseId, "Tech Lead", "I approve");
        return () => submit(signer, releaseId, "Tech Lead", "I approve", hash, authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: "https://evil.example" }));
      }, { code: "BAD_REQUEST", message: /^Your passkey signature was not made at https:\/\/countersign\.example\.test\./ });
    });

    it("refuses an assertion for another relying party (rpId)", async () => {
      await expectRefused(async ({ signer, authenticator, releaseId }) => {
        const { hash, challenge } = await prepare(signer, releaseId, "Tech Lead", "I approve");
        return () => submit(signer, releaseId, "Tech Lead", "I approve", hash, authenticator.assert({ challenge, rpId: "evil.example", origin: TEST_RP.origin }));
      }, { code: "BAD_REQUEST", message: /^Your passkey signature is for another site, not countersign\.example\.test\./ });
    });

    it("refuses a replayed signature counter", async () => {
      await expectRefused(async ({ signer, authenticator, releaseId }) => {
        // A first signature elsewhere moves the stored counter to 1; this one says 1 again.
        const other = await readyRelease();
        const first = await prepare(signer, other, "Tech Lead", "I approve");
        await submit(signer, other, "Tech Lead", "I approve", first.hash, authenticator.assert({ challenge: first.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }));
        const { hash, challenge } = await prepare(signer, releaseId, "Tech Lead", "I approve");
        return () => submit(signer, releaseId, "Tech Lead", "I approve", hash, authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin, counter: 1 }));
      }, { code: "BAD_REQUEST", message: /^Your passkey's signature counter did not move on \(1, last seen 1\)/ });
    });

    it("refuses an assertion without user verification", async () => {
      await expectRefused(async ({ signer, authenticator, releaseId }) => {
        const { hash, challenge } = await prepare(signer, releaseId, "Tech Lead", "I approve");
        return () => submit(signer, releaseId, "Tech Lead", "I approve", hash, authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin, flags: FLAGS.UP }));
      }, { code: "BAD_REQUEST", message: /^Your passkey did not verify you/ });
    });

    it("refuses a signature that does not verify with the registered key", async () => {
      await expectRefused(async ({ signer, authenticator, releaseId }) => {
        const { hash, challenge } = await prepare(signer, releaseId, "Tech Lead", "I approve");
        const assertion = authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin });
        // Another key's signature over the very same bytes.
        const stranger = new SoftwareAuthenticator();
        Object.assign(stranger, { credentialId: authenticator.credentialId });
        const forged = stranger.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin, counter: authenticator.counter });
        return () => submit(signer, releaseId, "Tech Lead", "I approve", hash, { ...assertion, response: { ...assertion.response, signature: forged.response.signature } });
      }, { code: "BAD_REQUEST", message: /^Your passkey signature does not verify with the key you registered\./ });
    });

    it("refuses another user's passkey", async () => {
      await expectRefused(async ({ signer, releaseId }) => {
        const someoneElse = await createSigner(["qa-lead"]);
        const theirs = await withPasskey(someoneElse);
        const { hash, challenge } = await prepare(signer, releaseId, "Tech Lead", "I approve");
        return () => submit(signer, releaseId, "Tech Lead", "I approve", hash, theirs.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }));
      }, { code: "BAD_REQUEST", message: /^This passkey is not registered to your account\./ });
    });

    it("refuses a password and a passkey together, naming the field", async () => {
      const releaseId = await readyRelease();
      const signer = await createSigner(["tech-lead"]);
      const authenticator = await withPasskey(signer);
      const { hash, challenge } = await prepare(signer, releaseId, "Tech Lead", "I approve");
      const passkey = authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin });
      const refusal = await refusalOf(signOff(signer.context, { releaseId, role: "Tech Lead", meaning: "I approve", password: signer.password, passkey, shownHash: hash, confirm: "yes" }, { relyingParty: TEST_RP }));
      expect(refusal).toMatchObject({ kind: "validation", fields: { passkey: ["Sign with your password, your passkey or your company sign-in: one of them."] } });
    });

    it("refuses to prepare a signature without a passkey for this site", async () => {
      const releaseId = await readyRelease();
      const signer = await createSigner(["tech-lead"]);
      const { hash } = await currentContentHash(releaseId, "Tech Lead");
      const refusal = await refusalOf(startPasskeySigning(signer.user, { releaseId, role: "Tech Lead", meaning: "I approve", shownHash: hash }, TEST_RP));
      expect(refusal).toMatchObject({ code: "BAD_REQUEST", message: "You have no passkey for countersign.example.test: add one on your profile, or sign with your password." });
    });
  });
});

describe("an environment that requires passkey signatures", () => {
  it("refuses a password confirmation and a signer without a passkey, naming the rule; accepts a passkey signature; audits the policy change", async () => {
    const key = `pk-${Math.random().toString(36).slice(2, 8)}`;
    const { createEnvironment } = await import("../../lib/environments/save-environment");
    await createEnvironment(testContext(), { key, name: `Passkey ${key}`, requires: [] });
    const after = await updateEnvironment(testContext(), { key, name: `Passkey ${key}`, requires: [], requirePasskey: true });
    expect(after.requirePasskey).toBe(true);
    const changed = await db.auditEvent.findFirstOrThrow({ where: { type: "environment.updated" }, orderBy: { id: "desc" } });
    expect(changed.data).toMatchObject({ before: { requirePasskey: false }, after: { requirePasskey: true } });

    const releaseId = await readyRelease(key);
    const withoutPasskey = await createSigner(["tech-lead"]);
    const refusedPassword = await refusalOf(sign(withoutPasskey, releaseId, "Tech Lead"));
    expect(refusedPassword).toMatchObject({
      code: "CONFLICT",
      message: `Passkey ${key} requires passkey signatures (passkey signatures required): add a passkey on your profile, then sign with it.`,
      details: { rule: "passkey signatures required" },
    });

    const signer = await createSigner(["tech-lead"]);
    const authenticator = await withPasskey(signer);
    const before = await signoffSnapshot(releaseId);
    expect(await refusalOf(sign(signer, releaseId, "Tech Lead"))).toMatchObject({
      code: "CONFLICT",
      message: `Passkey ${key} requires passkey signatures (passkey signatures required): sign with your passkey, not your password.`,
      fields: { password: [`Passkey ${key} requires a passkey signature.`] },
    });
    expect(await signoffSnapshot(releaseId)).toEqual(before);

    const { hash, challenge } = await prepare(signer, releaseId, "Tech Lead", "I approve");
    const result = await submit(signer, releaseId, "Tech Lead", "I approve", hash, authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }));
    expect(result.method).toBe("passkey");
  });
});
