import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { startPasskeySignIn, verifyPasskeySignIn } from "../../lib/passkeys/passkey-sign-in";
import { registerPasskey } from "../../lib/passkeys/register-passkey";
import { startPasskeyRegistration } from "../../lib/passkeys/start-passkey-registration";
import { ACCOUNT_FAILURE_LIMIT } from "../../lib/auth/sign-in-throttle";
import { setUserDisabled } from "../../lib/users/set-user-disabled";
import { setupTestDatabase } from "../support/database";
import { readChain } from "../support/audit";
import { FLAGS, SoftwareAuthenticator, TEST_RP } from "../support/passkeys";
import { createTestUser, testContext } from "../support/users";

/**
 * Signing in with a passkey (issue 13, docs/decisions/027), with a software
 * authenticator (tests/support/passkeys.ts): a discoverable credential
 * answers a single-use challenge; the wrong challenge, origin, RP id, user
 * verification, a replayed counter, an unknown or foreign passkey and a
 * disabled account are each refused with a message, count towards the
 * sign-in limits, and sign nobody in.
 */
setupTestDatabase();

const address = () => `test-${randomUUID()}`;
const origin = () => ({ address: address(), userAgent: "vitest" });

async function userWithPasskey() {
  const user = await createTestUser();
  const authenticator = new SoftwareAuthenticator("ES256");
  const options = await startPasskeyRegistration(user, TEST_RP);
  const context = { ...testContext(user.id), user };
  await registerPasskey(context, { name: "Laptop", response: authenticator.register({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin }) }, TEST_RP);
  return { user, authenticator };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).message;
}

describe("passkey sign-in", () => {
  it("signs the passkey's owner in, once per challenge, and audits it with the key", async () => {
    const { user, authenticator } = await userWithPasskey();
    const options = await startPasskeySignIn(TEST_RP);
    expect(options.allowCredentials ?? []).toEqual([]); // discoverable: the device offers its passkeys
    expect(options.userVerification).toBe("required");
    const answer = authenticator.assert({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin });
    expect(await verifyPasskeySignIn(JSON.stringify(answer), TEST_RP, origin())).toEqual({ id: user.id, sessionVersion: 1 });
    const signedIn = (await readChain()).filter((event) => event.type === "auth.signed_in").at(-1)!;
    expect(signedIn.actor).toMatchObject({ id: user.id, authentication: { method: "passkey", credentialId: authenticator.id, keyFingerprint: authenticator.fingerprint } });

    // The same answer again: its challenge is used up.
    expect(await refusal(verifyPasskeySignIn(JSON.stringify(answer), TEST_RP, origin()))).toBe("Your passkey did not sign you in: this sign-in has expired or was already used; try again.");
  });

  it("refuses a replayed counter, a wrong origin, RP id or challenge, and an unverified user", async () => {
    const { authenticator } = await userWithPasskey();
    const fresh = async () => (await startPasskeySignIn(TEST_RP)).challenge;
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ["counter", async () => authenticator.assert({ challenge: await fresh(), rpId: TEST_RP.rpId, origin: TEST_RP.origin, counter: 0 }), /signature counter did not move on \(0, last seen \d+\): the assertion was replayed/],
      ["origin", async () => authenticator.assert({ challenge: await fresh(), rpId: TEST_RP.rpId, origin: "https://evil.example.test" }), /it was made at "https:\/\/evil.example.test"/],
      ["rp id", async () => authenticator.assert({ challenge: await fresh(), rpId: "evil.example.test", origin: TEST_RP.origin }), /not for the relying party countersign.example.test/],
      ["challenge", async () => authenticator.assert({ challenge: Buffer.from("not issued").toString("base64url"), rpId: TEST_RP.rpId, origin: TEST_RP.origin }), /expired or was already used/],
      ["user verification", async () => authenticator.assert({ challenge: await fresh(), rpId: TEST_RP.rpId, origin: TEST_RP.origin, flags: FLAGS.UP }), /did not verify the user/],
    ];
    // A first, good sign-in moves the counter on.
    await verifyPasskeySignIn(JSON.stringify(authenticator.assert({ challenge: await fresh(), rpId: TEST_RP.rpId, origin: TEST_RP.origin })), TEST_RP, origin());
    for (const [label, answer, message] of cases) {
      expect({ label, message: await refusal(verifyPasskeySignIn(JSON.stringify(await answer()), TEST_RP, origin())) }).toEqual({ label, message: expect.stringMatching(message) });
    }
    expect((await readChain()).filter((event) => event.type === "auth.sign_in_failed").length).toBeGreaterThanOrEqual(cases.length);
  });

  it("refuses an unknown passkey, garbage, and a disabled account", async () => {
    const stranger = new SoftwareAuthenticator("ES256");
    const options = await startPasskeySignIn(TEST_RP);
    expect(await refusal(verifyPasskeySignIn(JSON.stringify(stranger.assert({ challenge: options.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin })), TEST_RP, origin()))).toBe(
      "Your passkey did not sign you in: this passkey is not registered here.",
    );
    for (const garbage of ["", "{", "null", JSON.stringify({ id: "x" }), "x".repeat(200_000)]) {
      expect(await refusal(verifyPasskeySignIn(garbage, TEST_RP, origin()))).toBe("Your passkey did not sign you in: the browser's answer is not a passkey assertion.");
    }
    const { user, authenticator } = await userWithPasskey();
    await setUserDisabled(testContext(), user.id, true);
    const again = await startPasskeySignIn(TEST_RP);
    expect(await refusal(verifyPasskeySignIn(JSON.stringify(authenticator.assert({ challenge: again.challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin })), TEST_RP, origin()))).toBe(
      "Your passkey did not sign you in: this account is disabled.",
    );
  });

  it("counts failures towards the account's sign-in limit", async () => {
    const { user, authenticator } = await userWithPasskey();
    for (let attempt = 0; attempt < ACCOUNT_FAILURE_LIMIT; attempt++) {
      const { challenge } = await startPasskeySignIn(TEST_RP);
      await refusal(verifyPasskeySignIn(JSON.stringify(authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin, flags: FLAGS.UP })), TEST_RP, origin()));
    }
    const { challenge } = await startPasskeySignIn(TEST_RP);
    const locked = await verifyPasskeySignIn(JSON.stringify(authenticator.assert({ challenge, rpId: TEST_RP.rpId, origin: TEST_RP.origin })), TEST_RP, origin()).catch((error: AppError) => error);
    expect(locked).toMatchObject({ code: "RATE_LIMITED" });
    expect(await db.signInThrottle.findUnique({ where: { key: `account:${user.email.toLowerCase()}` }, select: { failures: true } })).toEqual({ failures: ACCOUNT_FAILURE_LIMIT });
  });
});
