import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";

/**
 * Disables or re-enables a user. Disabling bumps the session version, which
 * ends every session the user has. An admin cannot disable themself.
 */
export async function setUserDisabled(userId: string, disabled: boolean, actorId?: string): Promise<{ name: string }> {
  if (disabled && actorId === userId) {
    throw new AppError("BAD_REQUEST", "You cannot disable your own account.");
  }
  const result = await db.user.updateManyAndReturn({
    where: { id: userId },
    data: disabled
      ? { disabledAt: new Date(), sessionVersion: { increment: 1 } }
      : { disabledAt: null },
    select: { name: true },
  });
  const user = result[0];
  if (!user) throw new AppError("NOT_FOUND", "User not found.");
  return user;
}

export async function disableUserByEmail(email: string): Promise<{ name: string }> {
  const user = await db.user.findFirst({ where: { email: { equals: email.trim(), mode: "insensitive" } }, select: { id: true } });
  if (!user) throw new AppError("NOT_FOUND", `No user with email ${email}.`);
  return setUserDisabled(user.id, true);
}
