import "server-only";
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { db } from "../db/client";
import { userActor } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import type { RequestOrigin } from "../auth/request-origin";
import { loadActiveUser } from "../auth/session-user";
import { clearAccount, lockedForMinutes, throttleKeys } from "../auth/sign-in-throttle";
import { refuse, reportEndedLocks } from "../auth/verify-credentials";
import { parseClientData } from "./check-assertion";
import { verifyPasskeyAssertion } from "./verify-assertion";
import { authenticationResponseSchema } from "./passkey.schema";
import type { RelyingParty } from "./relying-party";

/**
 * Signing in with a passkey (issue 13, docs/decisions/027). The sign-in page
 * asks for options: a random 32-byte challenge, kept five minutes for no user
 * yet (webauthn_challenges.user_id is null) and used once; no credential list
 * (discoverable credentials: the device offers the passkeys it holds for this
 * site). The browser's assertion names the passkey, hence the user; it must
 * carry that challenge, this origin and RP id, user verification, a signature
 * that verifies with the registered key, and a counter that moved on (a
 * replayed assertion is refused). Failures count towards the sign-in limits
 * like a wrong password (per account when the passkey is known, and per
 * address) and are audited; a success is `auth.signed_in` with the passkey in
 * the actor's authentication.
 */

export const SIGN_IN_TIMEOUT_MS = 5 * 60 * 1000;
/** Unanswered sign-in challenges kept at most: anyone may ask for one, so the table is bounded. */
const MAX_OPEN_CHALLENGES = 5_000;

export async function startPasskeySignIn(rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
  await db.webauthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  if ((await db.webauthnChallenge.count({ where: { userId: null } })) >= MAX_OPEN_CHALLENGES) {
    throw new AppError("RATE_LIMITED", "Too many passkey sign-ins are under way; try again in a few minutes.");
  }
  const options = await generateAuthenticationOptions({ rpID: rp.rpId, userVerification: "required", timeout: SIGN_IN_TIMEOUT_MS });
  await db.webauthnChallenge.create({
    data: { challenge: options.challenge, userId: null, origin: rp.origin, rpId: rp.rpId, expiresAt: new Date(Date.now() + SIGN_IN_TIMEOUT_MS) },
  });
  return options;
}

const failed = (reason: string): never => {
  throw new AppError("UNAUTHENTICATED", `Your passkey did not sign you in: ${reason}`);
};

export async function verifyPasskeySignIn(raw: unknown, rp: RelyingParty, origin: RequestOrigin): Promise<{ id: string; sessionVersion: number }> {
  let json: unknown = raw;
  if (typeof raw === "string") {
    try {
      json = raw.length <= 100_000 ? JSON.parse(raw) : null;
    } catch {
      json = null;
    }
  }
  const parsed = authenticationResponseSchema.safeParse(json);
  const credentialId = parsed.success ? parsed.data.id : "";
  const owner = credentialId
    ? await db.passkey.findUnique({ where: { credentialId }, select: { id: true, userId: true, user: { select: { email: true } } } })
    : null;
  // The limits: per account when the passkey names one (else per unknown credential), and per address.
  const email = owner?.user.email ?? `passkey:${credentialId.slice(0, 100) || "malformed"}`;
  const keys = throttleKeys(email, origin.address);
  const lockedMinutes = await lockedForMinutes(keys);
  if (lockedMinutes > 0) {
    await refuse(email, origin, "rate_limited");
    throw new AppError("RATE_LIMITED", `Too many failed sign-in attempts. Try again in ${lockedMinutes} minute${lockedMinutes === 1 ? "" : "s"}.`);
  }
  try {
    if (!parsed.success) failed("the browser's answer is not a passkey assertion.");
    const assertion = parsed.data!;
    const clientData = parseClientData(Buffer.from(assertion.response.clientDataJSON, "base64url"));
    const challenge = typeof clientData?.challenge === "string" ? clientData.challenge : "";
    // Used once: taken out before anything is checked.
    const [issued] = challenge
      ? await db.$queryRaw<{ origin: string; rp_id: string; expires_at: Date }[]>`
          DELETE FROM webauthn_challenges WHERE challenge = ${challenge} AND user_id IS NULL RETURNING origin, rp_id, expires_at`
      : [];
    if (!issued || issued.expires_at.getTime() < Date.now()) failed("this sign-in has expired or was already used; try again.");
    if (issued!.origin !== rp.origin || issued!.rp_id !== rp.rpId) failed(`this sign-in was started at ${issued!.origin}.`);
    if (!owner) failed("this passkey is not registered here.");
    return await db.$transaction(async (tx) => {
      const [passkey] = await tx.$queryRaw<{ id: string; user_id: string; credential_id: string; algorithm: number; public_key: Uint8Array; public_key_spki: Uint8Array; counter: bigint; rp_id: string; fingerprint: string }[]>`
        SELECT id::text, user_id::text, credential_id, algorithm, public_key, public_key_spki, counter, rp_id, fingerprint FROM passkeys WHERE id = ${owner!.id}::uuid FOR UPDATE`;
      if (!passkey) return failed("this passkey is not registered here.");
      if (passkey.rp_id !== rp.rpId) failed(`this passkey was registered for ${passkey.rp_id}.`);
      // The user handle, when the device gives it, must be the account's (it was set at registration).
      const handle = assertion.response.userHandle;
      if (handle && Buffer.from(handle, "base64url").toString("hex") !== passkey.user_id.replaceAll("-", "")) failed("the passkey names another account.");
      const check = await verifyPasskeyAssertion(assertion, passkey, { challenge, origin: rp.origin, rpId: rp.rpId });
      if (!check.ok) {
        return failed(
          check.kind === "assertion"
            ? `${check.problem.detail}.`
            : check.kind === "replay"
              ? `its signature counter did not move on (${check.counter}, last seen ${check.last}): the assertion was replayed, or the passkey was copied.`
              : "its signature does not verify.",
        );
      }
      await tx.passkey.update({ where: { id: passkey.id }, data: { counter: BigInt(check.counter), lastUsedAt: new Date() } });
      const active = await loadActiveUser(passkey.user_id);
      if (!active) failed("this account is disabled.");
      await reportEndedLocks(tx, keys, origin, email);
      await clearAccount(tx, keys);
      await appendAuditEvent(tx, { actor: { ...userActor(active!), authentication: { method: "passkey", credentialId: passkey.credential_id, keyFingerprint: passkey.fingerprint } }, origin }, {
        type: "auth.signed_in",
        subject: { kind: "user", id: active!.id, label: `${active!.name} <${active!.email}>` },
        data: {},
      });
      return { id: active!.id, sessionVersion: active!.sessionVersion };
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") await refuse(email, origin, "wrong_credentials");
    throw error;
  }
}
