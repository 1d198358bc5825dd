import "server-only";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { AppError } from "../errors/app-error";
import { createToken, type TokenRow } from "./tokens";
import type { CreateTokenInput } from "./token.schema";

/**
 * For the command line: creates an API token for the active user with this
 * email (e.g. a CI service account). The token acts with that user's
 * permissions (within its scopes and, when named, its one project), so it
 * grants nothing the user could not do.
 */
export async function createTokenForEmail(context: AuditContext, email: string, raw: CreateTokenInput): Promise<{ token: string; row: TokenRow; user: { name: string; email: string } }> {
  const address = email.trim();
  if (!address) throw new AppError("BAD_REQUEST", "Say whose token it is.", { user: ["Give the user's email."] });
  const user = await db.user.findFirst({
    where: { email: { equals: address, mode: "insensitive" }, disabledAt: null },
    select: { id: true, name: true, email: true },
  });
  if (!user) throw new AppError("NOT_FOUND", `No active user with email ${address}.`, { user: ["No active user with this email."] });
  const created = await createToken(context, user.id, raw);
  return { ...created, user: { name: user.name, email: user.email } };
}
