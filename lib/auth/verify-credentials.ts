import { db, type Tx } from "../db/client";
import { anonymousActor, userActor } from "../audit/actor";
import { appendAuditEvent, scrubText } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { dummyPasswordHash, verifyPassword } from "./password";
import type { RequestOrigin } from "./request-origin";
import { loadActiveUser } from "./session-user";
import { clearAccount, countLockedRefusal, lockedForMinutes, recordFailure, takeEndedLocks, throttleKeys, type ThrottleKeys } from "./sign-in-throttle";
import { signInSchema } from "./sign-in.schema";

export const WRONG_CREDENTIALS = "Email or password is incorrect.";

export type VerifiedUser = { id: string; sessionVersion: number };

export type RefusalReason = "wrong_credentials" | "rate_limited";
/** Writes the audit event of a refusal in the throttle's transaction; by default an anonymous `auth.sign_in_failed`. */
export type RecordRefusal = (tx: Tx, reason: RefusalReason) => Promise<void>;

/** One event per ended lock on these keys, with the number of attempts it refused (when more than the one already audited). */
export async function reportEndedLocks(tx: Tx, keys: ThrottleKeys, origin: RequestOrigin, email: string): Promise<void> {
  for (const lock of await takeEndedLocks(tx, keys)) {
    if (lock.refused < 2) continue;
    await appendAuditEvent(tx, { actor: anonymousActor(email), origin }, {
      type: "auth.locked_attempts_refused",
      subject: lock.key === "account" ? { kind: "account", id: lock.value, label: lock.value } : { kind: "address", id: lock.value, label: lock.value },
      data: { key: lock.key, value: lock.value, refused: lock.refused, lockedUntil: lock.lockedUntil.toISOString() },
    });
  }
}

/**
 * Records a refusal. A wrong password counts towards the limits and is
 * audited; an attempt refused because a key is locked is audited only when
 * it is the first of that lock window, and counted (docs/decisions/017).
 */
export async function refuse(email: string, origin: RequestOrigin, reason: RefusalReason, record?: RecordRefusal): Promise<void> {
  const keys = throttleKeys(email, origin.address);
  await db.$transaction(async (tx) => {
    await reportEndedLocks(tx, keys, origin, email);
    if (reason === "wrong_credentials") await recordFailure(tx, keys);
    else if (!(await countLockedRefusal(tx, keys))) return;
    if (record) return record(tx, reason);
    await appendAuditEvent(tx, { actor: anonymousActor(email), origin }, {
      type: "auth.sign_in_failed",
      subject: { kind: "account", id: email.toLowerCase(), label: email },
      data: { email, reason },
    });
  });
}

/**
 * Re-authentication at a sensitive moment (signing): the same checks and
 * limits as a sign-in, but a success is not a new sign-in, and a failure is
 * recorded by `recordRefusal` (the signed-in user's failed signing attempt).
 */
export async function reauthenticate(
  user: { id: string; email: string },
  password: unknown,
  address: string,
  userAgent = "",
  recordRefusal?: RecordRefusal,
): Promise<void> {
  const verified = await verifyCredentials({ email: user.email, password }, address, userAgent, { recordSuccess: false, recordRefusal });
  if (verified.id !== user.id) throw new AppError("UNAUTHENTICATED", WRONG_CREDENTIALS);
}

/**
 * Checks an email and password, honouring the per-account and per-address
 * limits. Every kind of failure (unknown email, wrong password, disabled
 * user, malformed or oversized input) gives the same message and is audited
 * with the attempted email; the password is never logged or stored.
 */
export async function verifyCredentials(
  raw: unknown,
  address: string,
  userAgent = "",
  options: { recordSuccess?: boolean; recordRefusal?: RecordRefusal } = {},
): Promise<VerifiedUser> {
  const origin: RequestOrigin = { address, userAgent };
  const parsed = signInSchema.safeParse(raw);
  const rawEmail = (raw as { email?: unknown } | null)?.email;
  const email = scrubText(typeof rawEmail === "string" ? rawEmail : "").trim().toLowerCase().slice(0, 254);
  const keys = throttleKeys(email, address);

  const lockedMinutes = await lockedForMinutes(keys);
  if (lockedMinutes > 0) {
    await refuse(email, origin, "rate_limited", options.recordRefusal);
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-in attempts. Try again in ${lockedMinutes} minute${lockedMinutes === 1 ? "" : "s"}.`,
    );
  }
  if (!parsed.success) {
    await refuse(email, origin, "wrong_credentials", options.recordRefusal);
    throw new AppError("UNAUTHENTICATED", WRONG_CREDENTIALS);
  }

  const user = await db.user.findFirst({
    where: { email: { equals: parsed.data.email, mode: "insensitive" } },
    select: { id: true, passwordHash: true, disabledAt: true, sessionVersion: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), parsed.data.password);
  if (!user || !ok || user.disabledAt) {
    await refuse(email, origin, "wrong_credentials", options.recordRefusal);
    throw new AppError("UNAUTHENTICATED", WRONG_CREDENTIALS);
  }
  const active = options.recordSuccess === false ? null : await loadActiveUser(user.id);
  await db.$transaction(async (tx) => {
    await reportEndedLocks(tx, keys, origin, email);
    await clearAccount(tx, keys);
    if (active) {
      await appendAuditEvent(tx, { actor: userActor(active), origin }, {
        type: "auth.signed_in",
        subject: { kind: "user", id: active.id, label: `${active.name} <${active.email}>` },
        data: {},
      });
    }
  });
  return { id: user.id, sessionVersion: user.sessionVersion };
}
