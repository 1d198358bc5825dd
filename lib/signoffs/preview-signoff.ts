import "server-only";
import { z } from "zod";
import { type SessionUser, signoffRolesIn } from "../auth/session-user";
import { AppError, nameForMessage } from "../errors/app-error";
import { db } from "../db/client";
import { currentContentHash, lockRelease } from "./sign-off";
import { idField } from "../http/parse-id";

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
): Promise<SignoffPreview> {
  const input = previewSignoffSchema.parse(raw);
  if (!signoffRolesIn(user, projectId).includes(input.role)) {
    throw new AppError("FORBIDDEN", `You do not hold the ${nameForMessage(input.role, "chosen")} role in this project.`);
  }
  const [covered, release, passkeys] = await Promise.all([
    currentContentHash(input.releaseId, input.role),
    lockRelease(db, input.releaseId, false),
    db.passkey.count({ where: { userId: user.id } }),
  ]);
  return { ...covered, passkeys, requirePasskey: release.requirePasskey };
}
