import "server-only";
import { z } from "zod";
import { type SessionUser, signoffRolesIn } from "../auth/session-user";
import { AppError, nameForMessage } from "../errors/app-error";
import { db } from "../db/client";
import { currentContentHash, lockRelease } from "./sign-off";
import { idField } from "../http/parse-id";
import { oidcConfig, passwordSignInEnabled } from "../sso/oidc-config";
import { freshProviderSignInUntil } from "../sso/fresh-provider-sign-in";
import { hasPassword } from "../users/has-password";

export const previewSignoffSchema = z.object({
  releaseId: idField("Unknown release."),
  role: z.string({ message: "Choose a role." }).trim().min(1, "Choose a role.").max(60, "Unknown role."),
});

export type SignoffPreview = {
  hash: string;
  coveredItems: number;
  /** The signer's registered passkeys: with one, the dialog offers to sign with it (docs/decisions/024). */
  passkeys: number;
  /** The release's environment requires passkey signatures: the password is not offered. */
  requirePasskey: boolean;
  /** Password confirmation is offered: passwords are on (COUNTERSIGN_PASSWORD_SIGNIN) and the signer has one (an account made by company sign-in has none). */
  passwords: boolean;
  /** Signed in with the company's provider in this session: a fresh sign-in there can confirm (docs/decisions/027); until when the last one still can. */
  sso: { label: string; freshUntil: string | null } | null;
};

/**
 * What a signature for one role would cover right now (how many items, and
 * the content hash the sign-off dialog shows and sends back as `shownHash`),
 * and how it can be confirmed (password, passkey). Only for a role the user
 * holds; the signing itself checks everything again.
 */
export async function previewSignoff(
  user: Pick<SessionUser, "id" | "signoffRoles">,
  projectId: string,
  raw: z.input<typeof previewSignoffSchema>,
  session: { id: string | null; signInMethod: string | null } | null = null,
): Promise<SignoffPreview> {
  const input = previewSignoffSchema.parse(raw);
  if (!signoffRolesIn(user, projectId).includes(input.role)) {
    throw new AppError("FORBIDDEN", `You do not hold the ${nameForMessage(input.role, "chosen")} role in this project.`);
  }
  const provider = session?.signInMethod === "oidc" ? oidcConfig() : null;
  const [covered, release, passkeys, freshUntil, withPassword] = await Promise.all([
    currentContentHash(input.releaseId, input.role),
    lockRelease(db, input.releaseId, false),
    db.passkey.count({ where: { userId: user.id } }),
    provider ? freshProviderSignInUntil(db, session!.id) : null,
    hasPassword(user.id),
  ]);
  return {
    ...covered,
    passkeys,
    requirePasskey: release.requirePasskey,
    passwords: passwordSignInEnabled() && withPassword,
    sso: provider ? { label: provider.label, freshUntil: freshUntil?.toISOString() ?? null } : null,
  };
}
