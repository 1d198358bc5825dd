import "server-only";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { hashPassword } from "../auth/password";
import { passwordProblem } from "../auth/password-policy";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { resetPasswordSchema, type ResetPasswordInput } from "./password.schema";
import { userSnapshot } from "./user-snapshot";

/**
 * An admin (Users page) or an operator (`countersign user password`) sets a
 * temporary password. It must pass the policy; every session of the user
 * ends (session version), and the user must choose a new password before
 * doing anything else at their next sign-in. Audited. Admins change their
 * own password on their profile, which needs the current one.
 */
export async function resetPassword(context: AuditContext, raw: ResetPasswordInput): Promise<{ name: string; email: string }> {
  const input = resetPasswordSchema.parse(raw);
  if (context.actor.id === input.userId) {
    throw new AppError("BAD_REQUEST", "Change your own password on your profile; it asks for your current one.");
  }
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ email: string }[]>`SELECT email FROM users WHERE id = ${input.userId}::uuid FOR UPDATE`;
    if (!rows[0]) throw new AppError("NOT_FOUND", "User not found.", { userId: ["Unknown user."] });
    const problem = passwordProblem(input.password, { label: "Temporary password", email: rows[0].email });
    if (problem) throw new AppError("BAD_REQUEST", problem, { password: [problem] });
    await tx.user.update({ where: { id: input.userId }, data: { passwordHash, mustChangePassword: true, sessionVersion: { increment: 1 } } });
    const snapshot = await userSnapshot(tx, input.userId);
    await appendAuditEvent(tx, context, { type: "user.password_reset", subject: snapshot.subject, data: { mustChangePassword: true } });
    return { name: snapshot.name, email: snapshot.email };
  });
}

/** For the CLI: the user by email. */
export async function resetPasswordByEmail(context: AuditContext, email: string, password: string): Promise<{ name: string; email: string }> {
  const user = await db.user.findFirst({ where: { email: { equals: email.trim(), mode: "insensitive" } }, select: { id: true } });
  if (!user) throw new AppError("NOT_FOUND", `No user with email ${email}.`, { user: [`No user with email ${email}.`] });
  return resetPassword(context, { userId: user.id, password });
}
