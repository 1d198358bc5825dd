import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { dummyPasswordHash, verifyPassword } from "./password";
import { clearAccount, lockedForMinutes, recordFailure, throttleKeys } from "./sign-in-throttle";
import { signInSchema } from "./sign-in.schema";

export const WRONG_CREDENTIALS = "Email or password is incorrect.";

export type VerifiedUser = { id: string; sessionVersion: number };

/**
 * Checks an email and password, honouring the per-account and per-address
 * limits. Every kind of failure (unknown email, wrong password, disabled
 * user, malformed or oversized input) gives the same message; nothing about
 * the password is ever logged.
 */
export async function verifyCredentials(raw: unknown, address: string): Promise<VerifiedUser> {
  const parsed = signInSchema.safeParse(raw);
  const email = typeof (raw as { email?: unknown })?.email === "string" ? String((raw as { email: string }).email).slice(0, 254) : "";
  const keys = throttleKeys(email, address);

  const lockedMinutes = await lockedForMinutes(keys);
  if (lockedMinutes > 0) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-in attempts. Try again in ${lockedMinutes} minute${lockedMinutes === 1 ? "" : "s"}.`,
    );
  }
  if (!parsed.success) {
    await recordFailure(keys);
    throw new AppError("UNAUTHENTICATED", WRONG_CREDENTIALS);
  }

  const user = await db.user.findFirst({
    where: { email: { equals: parsed.data.email, mode: "insensitive" } },
    select: { id: true, passwordHash: true, disabledAt: true, sessionVersion: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), parsed.data.password);
  if (!user || !ok || user.disabledAt) {
    await recordFailure(keys);
    throw new AppError("UNAUTHENTICATED", WRONG_CREDENTIALS);
  }
  await clearAccount(keys);
  return { id: user.id, sessionVersion: user.sessionVersion };
}
