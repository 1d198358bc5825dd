import "server-only";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { userSnapshot } from "./user-snapshot";
import { forgetTokenLookups } from "../tokens/token-cache";

/**
 * Disables or re-enables a user. Disabling bumps the session version, which
 * ends every session the user has. Nobody can disable themself.
 */
export async function setUserDisabled(context: AuditContext, userId: string, disabled: boolean): Promise<{ name: string; changed: boolean }> {
  if (disabled && context.actor.id === userId) {
    throw new AppError("BAD_REQUEST", "You cannot disable your own account.");
  }
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
    const before = await userSnapshot(tx, userId);
    if (before.disabled === disabled) return { name: before.name, changed: false };
    await tx.user.update({
      where: { id: userId },
      data: disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
    });
    await appendAuditEvent(
      tx,
      context,
      disabled
        ? { type: "user.disabled", subject: before.subject, data: { before: { disabled: false }, after: { disabled: true } } }
        : { type: "user.enabled", subject: before.subject, data: { before: { disabled: true }, after: { disabled: false } } },
    );
    return { name: before.name, changed: true };
  });
  // API token lookups cached by this instance, at once; the other instances hear it from the database (token-cache.ts).
  if (result.changed) forgetTokenLookups();
  return result;
}

export async function disableUserByEmail(context: AuditContext, email: string): Promise<{ name: string; changed: boolean }> {
  const user = await db.user.findFirst({ where: { email: { equals: email.trim(), mode: "insensitive" } }, select: { id: true } });
  if (!user) throw new AppError("NOT_FOUND", `No user with email ${email}.`);
  return setUserDisabled(context, user.id, true);
}
