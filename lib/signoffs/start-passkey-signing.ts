import "server-only";
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { type SessionUser, signoffRolesIn } from "../auth/session-user";
import { db } from "../db/client";
import { AppError, nameForMessage } from "../errors/app-error";
import { knownTransports } from "../passkeys/passkey.schema";
import type { RelyingParty } from "../passkeys/relying-party";
import { loadTemplateDocument } from "../templates/load-template-document";
import { signingBlocker } from "./can-sign";
import { contentHash } from "./coverage";
import { type SignedStatement, signingChallenge } from "./passkey-challenge";
import { coveredState, lockRelease, readSigningFacts, releaseHead } from "./sign-off";
import { startPasskeySigningSchema, type StartPasskeySigningInput } from "./signoff.schema";

/** How long the browser's passkey prompt may stay open. */
export const SIGNING_TIMEOUT_MS = 2 * 60 * 1000;

/**
 * What the browser asks the passkey to sign (navigator.credentials.get): the
 * challenge derived from the statement being signed — this release, role and
 * meaning, the content hash the signer was shown and the release's audit head
 * now (lib/signoffs/passkey-challenge.ts) — for the user's passkeys on this
 * site, user verification required. Nothing is stored: signing recomputes the
 * statement under the release's row lock and refuses an assertion over any
 * other (a checklist change or any other event on the release in between
 * moves the head: sign again). Refused up front, like the sign button: a role
 * not held, a signing rule that blocks, a changed checklist, no passkey.
 */
export async function startPasskeySigning(
  user: Pick<SessionUser, "id" | "signoffRoles">,
  raw: StartPasskeySigningInput,
  rp: RelyingParty,
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; statement: SignedStatement }> {
  const input = startPasskeySigningSchema.parse(raw);
  const release = await lockRelease(db, input.releaseId, false);
  if (!signoffRolesIn(user, release.projectId).includes(input.role)) {
    throw new AppError("FORBIDDEN", `You do not hold the ${nameForMessage(input.role, "chosen")} role in this project.`);
  }
  const passkeys = await db.passkey.findMany({ where: { userId: user.id, rpId: rp.rpId }, select: { credentialId: true, transports: true } });
  if (passkeys.length === 0) {
    throw new AppError("BAD_REQUEST", `You have no passkey for ${rp.rpId}: add one on your profile, or sign with your password.`, { passkey: ["No passkey for this site."] });
  }
  const statement = await db.$transaction(async (tx): Promise<SignedStatement> => {
    const document = await loadTemplateDocument(release.templateVersionId);
    const blocker = signingBlocker(await readSigningFacts(tx, release, document, user.id), input.role, "passkey");
    if (blocker) throw new AppError(blocker.code, blocker.message, blocker.fields, blocker.details);
    const state = await coveredState(tx, release, document, input.role);
    const hash = contentHash({ release: state.release, role: state.role, items: state.items });
    if (hash !== input.shownHash) {
      throw new AppError("CONFLICT", "The checklist changed since you opened it. Review the changes and sign again.", undefined, { contentHash: hash });
    }
    return { releaseId: release.id, role: input.role, meaning: input.meaning, contentHash: hash, auditHead: await releaseHead(tx, release.id) };
  });
  const options = await generateAuthenticationOptions({
    rpID: rp.rpId,
    challenge: new Uint8Array(signingChallenge(statement)),
    allowCredentials: passkeys.map((passkey) => ({ id: passkey.credentialId, transports: knownTransports(passkey.transports) })),
    userVerification: "required",
    timeout: SIGNING_TIMEOUT_MS,
  });
  return { options, statement };
}
