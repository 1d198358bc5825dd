import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { releaseChain } from "../../lib/audit/append-event";
import { db } from "../../lib/db/client";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { listSignoffs } from "../../lib/signoffs/get-signoffs";
import { signatureMethod } from "../../lib/signoffs/signature-method";
import { FRESH_SECONDS } from "../../lib/sso/fresh-provider-sign-in";
import { setupTestDatabase } from "../support/database";
import { currentContentHash, signOff } from "../../lib/signoffs/sign-off";
import { previewSignoff } from "../../lib/signoffs/preview-signoff";
import { changeOwnPassword, NO_PASSWORD } from "../../lib/users/change-password";
import { completeItems, createSigner, createStagingRelease, importReference, refusalOf, type Signer, signoffSnapshot } from "../support/signoffs";

/**
 * Confirming a signature with a fresh company sign-in (issue 13,
 * docs/decisions/027): the session's auth_time (from the provider's ID token
 * after prompt=login, max_age=0; the flow itself is in
 * company-sign-in.test.ts) must be at most FRESH_SECONDS before the moment of
 * signing, is used once, and the sign-off says how it was confirmed.
 */
setupTestDatabase();

const ISSUER = "https://idp.example.test";
let templateId: string;

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  templateId = await importReference();
});

async function readyRelease(): Promise<string> {
  const release = await createStagingRelease(templateId);
  await completeItems(release.id);
  return release.id;
}

/** What the company sign-in's callback records for a session (lib/sso/oidc-sessions.ts), with the provider's auth_time. */
async function providerSession(signer: Signer, authTime: Date | null): Promise<string> {
  const sessionId = randomUUID();
  await db.oidcSession.create({
    data: { sessionId, userId: signer.user.id, issuer: ISSUER, subject: `sub-${signer.user.id}`, accessToken: "at", authTime, expiresAt: new Date(Date.now() + 3600_000) },
  });
  return sessionId;
}


async function signWith(signer: Signer, releaseId: string, role: string, session: { id: string; signInMethod: string }) {
  const { hash } = await currentContentHash(releaseId, role);
  return signOff(signer.context, { releaseId, role, meaning: `Approve ${role}`, sso: "yes", shownHash: hash, confirm: "yes" }, { session });
}

describe("signing confirmed with a fresh company sign-in", () => {
  it("signs when the provider confirmed the signer moments ago, records how, and uses the confirmation up", async () => {
    const signer = await createSigner(["sre-lead"]);
    const releaseId = await readyRelease();
    const authTime = new Date(Date.now() - 20_000);
    const sessionId = await providerSession(signer, authTime);

    const result = await signWith(signer, releaseId, "SRE Lead", { id: sessionId, signInMethod: "oidc" });
    expect(result.method).toBe("oidc");
    const [signoff] = await listSignoffs(releaseId);
    expect(signoff).toMatchObject({ role: "SRE Lead", confirmedWith: "oidc", passkey: null });
    expect(signatureMethod(signoff!)).toEqual({ label: "Confirmed with SSO sign-in" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { chain: releaseChain(releaseId), type: "signoff.signed" }, orderBy: { seq: "desc" } });
    expect(event.actor).toMatchObject({ id: signer.user.id, authentication: { method: "oidc", issuer: ISSUER, subject: `sub-${signer.user.id}`, authTime: authTime.toISOString() } });

    // Used once: the next signature (another release) needs a fresh sign-in of its own.
    const next = await readyRelease();
    const before = await signoffSnapshot(next);
    const again = await refusalOf(signWith(signer, next, "SRE Lead", { id: sessionId, signInMethod: "oidc" }));
    expect(again.fields).toEqual({ sso: ["Confirm with SSO again: no fresh sign-in is waiting for this signature."] });
    expect(await signoffSnapshot(next)).toEqual(before);
  });

  it("refuses a provider sign-in older than the window, and a session that is not a company sign-in; nothing is signed", async () => {
    const signer = await createSigner(["sre-lead"]);
    const releaseId = await readyRelease();
    const stale = new Date(Date.now() - (FRESH_SECONDS + 30) * 1000);
    const sessionId = await providerSession(signer, stale);
    const old = await refusalOf(signWith(signer, releaseId, "SRE Lead", { id: sessionId, signInMethod: "oidc" }));
    expect(old.fields.sso?.[0]).toBe(`Confirm with SSO again: your last sign-in there was at ${stale.toISOString()}, more than 5 minutes before signing.`);

    const notSso = await refusalOf(signWith(signer, releaseId, "SRE Lead", { id: sessionId, signInMethod: "password" }));
    expect(notSso.fields.sso?.[0]).toMatch(/did not sign in with your company account/);
    // Another user's fresh sign-in does not count.
    const other = await createSigner(["sre-lead"]);
    const theirs = await providerSession(other, new Date());
    const foreign = await refusalOf(signWith(signer, releaseId, "SRE Lead", { id: theirs, signInMethod: "oidc" }));
    expect(foreign.fields.sso?.[0]).toMatch(/no fresh sign-in is waiting/);
    expect(await listSignoffs(releaseId)).toEqual([]);
  });

  it("offers an account made by company sign-in (no password) no password to confirm with, and refuses to change one, naming the field", async () => {
    const signer = await createSigner(["sre-lead"]);
    const releaseId = await readyRelease();
    const { projectId } = await db.release.findUniqueOrThrow({ where: { id: releaseId }, select: { projectId: true } });
    const sessionId = await providerSession(signer, null);
    const session = { id: sessionId, signInMethod: "oidc" };
    // With a password, the password is one of the ways to confirm.
    expect((await previewSignoff(signer.user, projectId, { releaseId, role: "SRE Lead" }, session)).passwords).toBe(true);

    await db.user.update({ where: { id: signer.user.id }, data: { passwordHash: null } });
    const preview = await previewSignoff(signer.user, projectId, { releaseId, role: "SRE Lead" }, session);
    expect(preview.passwords).toBe(false);

    const before = await db.user.findUniqueOrThrow({ where: { id: signer.user.id }, select: { passwordHash: true, sessionVersion: true } });
    const refused = await refusalOf(changeOwnPassword(signer.context, signer.user, { currentPassword: "anything-at-all", newPassword: "a-new-long-password-1", confirmPassword: "a-new-long-password-1" }));
    expect(refused.fields).toEqual({ currentPassword: [NO_PASSWORD] });
    expect(await db.user.findUniqueOrThrow({ where: { id: signer.user.id }, select: { passwordHash: true, sessionVersion: true } })).toEqual(before);
  });
});
