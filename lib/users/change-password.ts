import "server-only";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { hashPassword } from "../auth/password";
import { passwordProblem } from "../auth/password-policy";
import type { SessionUser } from "../auth/session-user";
import { reauthenticate } from "../auth/verify-credentials";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { changePasswordSchema, type ChangePasswordInput } from "./password.schema";
import { hasPassword } from "./has-password";
import { userSnapshot } from "./user-snapshot";

/**
 * A user changes their own password (profile). The current password is
 * checked like a sign-in (same limits, failures audited); the new one must
 * pass the policy (lib/auth/password-policy.ts). The session version is
 * bumped, which ends every session of the user; the caller re-issues the
 * current session with the returned version, so only the OTHER sessions end.
 * Clears a pending "must change" from an admin's reset. Audited.
 */
/** The confirmation shown on the profile after a change. */
export const PASSWORD_CHANGED = "Password changed. You were signed out of your other sessions.";

/** Refused for an account made by company sign-in: it has no password to change. */
export const NO_PASSWORD = "Your account has no Countersign password: you sign in through your company's identity provider, and confirm signatures there or with a passkey.";

export async function changeOwnPassword(context: AuditContext, user: Pick<SessionUser, "id" | "email">, raw: ChangePasswordInput): Promise<{ sessionVersion: number }> {
  const input = changePasswordSchema.parse(raw);
  if (!(await hasPassword(user.id))) throw new AppError("BAD_REQUEST", NO_PASSWORD, { currentPassword: [NO_PASSWORD] });
  const problem = passwordProblem(input.newPassword, { label: "New password", email: user.email });
  if (problem) throw new AppError("BAD_REQUEST", problem, { newPassword: [problem] });
  try {
    await reauthenticate(user, input.currentPassword, context.origin.address, context.origin.userAgent);
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") {
      throw new AppError("UNAUTHENTICATED", "The current password is incorrect.", { currentPassword: ["The current password is incorrect."] });
    }
    throw error;
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, mustChangePassword: false, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    const snapshot = await userSnapshot(tx, user.id);
    await appendAuditEvent(tx, context, { type: "user.password_changed", subject: snapshot.subject, data: { otherSessionsEnded: true } });
    return { sessionVersion: updated.sessionVersion };
  });
}
