import "server-only";
import { db } from "../db/client";

/**
 * Whether the user has a Countersign password. An account made at its first
 * company sign-in has none (docs/decisions/027): it cannot change one on the
 * profile, nor confirm a signature with one.
 */
export async function hasPassword(userId: string): Promise<boolean> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(row?.passwordHash);
}
