import "server-only";
import { z } from "zod";
import { type SessionUser, signoffRolesIn } from "../auth/session-user";
import { AppError, nameForMessage } from "../errors/app-error";
import { currentContentHash } from "./sign-off";
import { idField } from "../http/parse-id";

export const previewSignoffSchema = z.object({
  releaseId: idField("Unknown release."),
  role: z.string({ message: "Choose a role." }).trim().min(1, "Choose a role.").max(60, "Unknown role."),
});

/**
 * What a signature for one role would cover right now (how many items, and
 * the content hash the sign-off dialog shows and sends back as `shownHash`).
 * Only for a role the user holds; the signing itself checks everything again.
 */
export async function previewSignoff(
  user: Pick<SessionUser, "signoffRoles">,
  projectId: string,
  raw: z.input<typeof previewSignoffSchema>,
): Promise<{ hash: string; coveredItems: number }> {
  const input = previewSignoffSchema.parse(raw);
  if (!signoffRolesIn(user, projectId).includes(input.role)) {
    throw new AppError("FORBIDDEN", `You do not hold the ${nameForMessage(input.role, "chosen")} role in this project.`);
  }
  return currentContentHash(input.releaseId, input.role);
}
