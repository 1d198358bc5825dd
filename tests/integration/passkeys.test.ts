import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { userActor } from "../../lib/audit/actor";
import { GLOBAL_CHAIN } from "../../lib/audit/append-event";
import { loadActiveUser, type SessionUser } from "../../lib/auth/session-user";
import { db } from "../../lib/db/client";
import { listPasskeys } from "../../lib/passkeys/list-passkeys";
import { registerPasskey } from "../../lib/passkeys/register-passkey";
import { removePasskey } from "../../lib/passkeys/remove-passkey";
import { relyingPartyFor } from "../../lib/passkeys/relying-party";
import { startPasskeyRegistration } from "../../lib/passkeys/start-passkey-registration";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { connect } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { FLAGS, SoftwareAuthenticator, TEST_RP } from "../support/passkeys";
import { refusalOf } from "../support/signoffs";
import { createTestUser } from "../support/users";

/**
 * Passkey registration (issue 13, docs/decisions/024) with a software
 * authenticator: a real key pair, the byte layouts written by hand. A good
 * answer is stored with its key and audited; every bad one is refused with a
 * message and writes nothing.
 */

const context = setupTestDatabase();

const contextOf = (user: SessionUser) => ({ user, actor: userActor(user), origin: { address: "10.0.0.1", userAgent: "vitest" } });

async function newUser(): Promise<SessionUser> {
  const created = await createTestUser();
  return (await loadActiveUser(created.id))!;
}

/** What the database holds about passkeys and their events, to show a refusal wrote nothing. */
async function passkeyState(userId: string) {
  return {
    passkeys: await db.passkey.count({ where: { userId } }),
    events: await db.auditEvent.count({ where: { chain: GLOBAL_CHAIN, type: { startsWith: "passkey." } } }),
  };
}

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
});

describe("registering a passkey", () => {
  it("stores the key (COSE, SPKI and its fingerprint), lists it, and audits the fingerprint", async () => {
    const user = await newUser();
    const authenticator = new SoftwareAuthenticator("ES256", { counter: 3 });
    const options = await startPasskeyRegistration(user, TEST_RP);
    expect(options).toMatchObject({ rp: { id: TEST_RP.rpId, name: "Countersign" }, user: { name: user.email, displayName: user.name }, attestation: "none" });
    expect(options.authenticatorSelection?.userVerification).toBe("required");
    expect(options.pubKeyCredParams.map((param) => param.alg).sort((a, b) => a - b)).toEqual([-257, -8, -7]);

    const response = authenticator.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin });
    const view = await registerPasskey(contextOf(user), { name: "  Work laptop ", response }, TEST_RP);
    expect(view).toMatchObject({ name: "Work laptop", algorithm: "ES256", rpId: TEST_RP.rpId, fingerprint: authenticator.fingerprint });

    const row = await db.passkey.findUniqueOrThrow({ where: { credentialId: authenticator.id } });
    expect(row.userId).toBe(user.id);
    expect(Buffer.from(row.publicKeySpki)).toEqual(authenticator.publicKey.export({ type: "spki", format: "der" }));
    expect(row.fingerprint).toBe(createHash("sha256").update(row.publicKeySpki).digest("hex"));
    expect(Buffer.from(row.publicKey)).toEqual(Buffer.from(authenticator.coseKey()));
    expect(row).toMatchObject({ algorithm: -7, counter: 3n, transports: ["internal"] });
    expect(await listPasskeys(user.id)).toEqual([expect.objectContaining({ id: row.id, name: "Work laptop", fingerprint: authenticator.fingerprint, algorithm: "ES256" })]);

    const event = await db.auditEvent.findFirstOrThrow({ where: { chain: GLOBAL_CHAIN, type: "passkey.registered" }, orderBy: { seq: "desc" } });
    expect(event.subject).toEqual({ kind: "user", id: user.id, label: `${user.name} <${user.email}>` });
    expect(event.actor).toMatchObject({ kind: "user", id: user.id });
    expect(event.data).toEqual({ after: { name: "Work laptop", credentialId: authenticator.id, fingerprint: authenticator.fingerprint, algorithm: "ES256", rpId: TEST_RP.rpId } });
  });

  it("accepts Ed25519 keys", async () => {
    const user = await newUser();
    const authenticator = new SoftwareAuthenticator("Ed25519");
    const options = await startPasskeyRegistration(user, TEST_RP);
    const view = await registerPasskey(contextOf(user), { name: "Security key", response: authenticator.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }) }, TEST_RP);
    expect(view).toMatchObject({ algorithm: "Ed25519", fingerprint: authenticator.fingerprint });
  });

  describe("refusals: a message naming the problem, nothing written", () => {
    type Case = { name: string; message: RegExp; answer: (user: SessionUser, authenticator: SoftwareAuthenticator) => Promise<Parameters<typeof registerPasskey>[1]> };
    const cases: Case[] = [
      {
        name: "a challenge used once already",
        message: /expired or was already used/,
        answer: async (user, authenticator) => {
          const options = await startPasskeyRegistration(user, TEST_RP);
          const first = new SoftwareAuthenticator();
          await registerPasskey(contextOf(user), { name: "First", response: first.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }) }, TEST_RP);
          return { name: "Second", response: authenticator.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }) };
        },
      },
      {
        name: "a challenge the server never issued",
        message: /expired or was already used/,
        answer: async (_user, authenticator) => ({ name: "Made up", response: authenticator.register({ challenge: Buffer.alloc(32, 7).toString("base64url"), rpId: TEST_RP.rpId, origin: TEST_RP.origin }) }),
      },
      {
        name: "another user's challenge",
        message: /expired or was already used/,
        answer: async (_user, authenticator) => {
          const options = await startPasskeyRegistration(await newUser(), TEST_RP);
          return { name: "Borrowed", response: authenticator.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }) };
        },
      },
      {
        name: "an expired challenge",
        message: /expired or was already used/,
        answer: async (user, authenticator) => {
          const options = await startPasskeyRegistration(user, TEST_RP);
          // The runtime role may not change a challenge; the owner plays the clock.
          const owner = await connect(context.database.ownerUrl);
          await owner.query(`UPDATE webauthn_challenges SET expires_at = now() - interval '1 second' WHERE challenge = $1`, [options.challenge]).finally(() => owner.end());
          return { name: "Late", response: authenticator.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }) };
        },
      },
      {
        name: "an answer made at another origin",
        message: /The passkey was created for "https:\/\/evil\.example", not for https:\/\/countersign\.example\.test\./,
        answer: async (user, authenticator) => {
          const options = await startPasskeyRegistration(user, TEST_RP);
          return { name: "Phished", response: authenticator.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: "https://evil.example" }) };
        },
      },
      {
        name: "a key for another relying party (rpId)",
        message: /does not verify .*RP ID/i,
        answer: async (user, authenticator) => {
          const options = await startPasskeyRegistration(user, TEST_RP);
          return { name: "Other RP", response: authenticator.register({ challenge: options.challenge, rpId: "evil.example", origin: TEST_RP.origin }) };
        },
      },
      {
        name: "an authenticator that did not verify the user",
        message: /does not verify .*user verification/i,
        answer: async (user, authenticator) => {
          const options = await startPasskeyRegistration(user, TEST_RP);
          return { name: "Touch only", response: authenticator.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin, flags: FLAGS.UP | FLAGS.AT }) };
        },
      },
      {
        name: "an assertion passed off as a registration",
        message: /does not verify/,
        answer: async (user, authenticator) => {
          const options = await startPasskeyRegistration(user, TEST_RP);
          return { name: "Wrong type", response: authenticator.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin, type: "webauthn.get" }) };
        },
      },
    ];

    for (const entry of cases) {
      it(`refuses ${entry.name}`, async () => {
        const user = await newUser();
        const authenticator = new SoftwareAuthenticator();
        const answer = await entry.answer(user, authenticator);
        const before = await passkeyState(user.id);
        const refusal = await refusalOf(registerPasskey(contextOf(user), answer, TEST_RP));
        expect(refusal.code).toMatch(/BAD_REQUEST|CONFLICT/);
        expect(refusal.message).toMatch(entry.message);
        expect(refusal.message).toMatch(/Nothing was registered\.$/);
        expect(refusal.fields.response?.[0]).toBeTruthy();
        expect(await passkeyState(user.id)).toEqual(before);
        expect(await db.passkey.count({ where: { credentialId: authenticator.id } })).toBe(0);
      });
    }

    it("refuses a name that is empty or holds a line break, naming the field", async () => {
      const user = await newUser();
      const options = await startPasskeyRegistration(user, TEST_RP);
      const response = new SoftwareAuthenticator().register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin });
      for (const name of ["   ", "Work\nlaptop"]) {
        const refusal = await refusalOf(registerPasskey(contextOf(user), { name, response }, TEST_RP));
        expect(refusal.kind).toBe("validation");
        expect(Object.keys(refusal.fields)).toEqual(["name"]);
      }
      expect(await passkeyState(user.id)).toMatchObject({ passkeys: 0 });
    });

    it("refuses registering the same credential twice", async () => {
      const user = await newUser();
      const authenticator = new SoftwareAuthenticator();
      const first = await startPasskeyRegistration(user, TEST_RP);
      await registerPasskey(contextOf(user), { name: "Once", response: authenticator.register({ challenge: first.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }) }, TEST_RP);
      const second = await startPasskeyRegistration(user, TEST_RP);
      expect(second.excludeCredentials?.map((entry) => entry.id)).toEqual([authenticator.id]);
      const refusal = await refusalOf(
        registerPasskey(contextOf(user), { name: "Twice", response: authenticator.register({ challenge: second.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }) }, TEST_RP),
      );
      expect(refusal).toMatchObject({ code: "CONFLICT", message: "This passkey is already registered. Nothing was registered." });
      expect(await db.passkey.count({ where: { userId: user.id } })).toBe(1);
    });
  });

  it("removes only the user's own passkey, audited with its fingerprint", async () => {
    const [owner, other] = [await newUser(), await newUser()];
    const authenticator = new SoftwareAuthenticator();
    const options = await startPasskeyRegistration(owner, TEST_RP);
    const view = await registerPasskey(contextOf(owner), { name: "Phone", response: authenticator.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }) }, TEST_RP);

    expect(await refusalOf(removePasskey(contextOf(other), { passkeyId: view.id }))).toMatchObject({ code: "NOT_FOUND", message: "Passkey not found." });
    expect(await db.passkey.count({ where: { id: view.id } })).toBe(1);

    expect(await removePasskey(contextOf(owner), { passkeyId: view.id })).toEqual({ name: "Phone" });
    expect(await db.passkey.count({ where: { id: view.id } })).toBe(0);
    const event = await db.auditEvent.findFirstOrThrow({ where: { chain: GLOBAL_CHAIN, type: "passkey.removed" }, orderBy: { seq: "desc" } });
    expect(event.data).toEqual({ before: { name: "Phone", credentialId: authenticator.id, fingerprint: authenticator.fingerprint } });
    expect(event.subject).toMatchObject({ kind: "user", id: owner.id });
  });
});

describe("the relying party", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it("is COUNTERSIGN_PUBLIC_URL when set, and refuses a request sent elsewhere", () => {
    const env = { COUNTERSIGN_PUBLIC_URL: "https://countersign.example.com" };
    expect(relyingPartyFor(headers({ host: "countersign.example.com", "x-forwarded-proto": "https" }), env)).toEqual({
      origin: "https://countersign.example.com",
      rpId: "countersign.example.com",
      name: "Countersign",
    });
    expect(() => relyingPartyFor(headers({ host: "10.1.2.3:3000" }), env)).toThrow("Passkeys work at https://countersign.example.com only (COUNTERSIGN_PUBLIC_URL); open Countersign there to use them.");
  });

  it("is the request's own origin otherwise, and is refused for an IP address", () => {
    expect(relyingPartyFor(headers({ host: "localhost:3461" }), {})).toEqual({ origin: "http://localhost:3461", rpId: "localhost", name: "Countersign" });
    expect(relyingPartyFor(headers({ host: "app.internal:443", "x-forwarded-proto": "https" }), {})).toMatchObject({ origin: "https://app.internal", rpId: "app.internal" });
    expect(() => relyingPartyFor(headers({ host: "127.0.0.1:3000" }), {})).toThrow(/Passkeys need Countersign to be opened at a host name, not an IP address \(127\.0\.0\.1\)/);
  });
});
