import { db, Prisma, type Tx } from "../db/client";

/**
 * Failed sign-ins are counted per account and per address, in the database
 * so every app instance enforces the same limits.
 */
export const THROTTLE_WINDOW_MINUTES = 15;
export const ACCOUNT_FAILURE_LIMIT = 5;
/** Per client address; COUNTERSIGN_SIGNIN_ADDRESS_LIMIT raises it where many people share one address (or in end-to-end tests). */
export const ADDRESS_FAILURE_LIMIT = Math.max(1, Number(process.env.COUNTERSIGN_SIGNIN_ADDRESS_LIMIT ?? 20) || 20);

export type ThrottleKeys = { account: string; address: string };

export function throttleKeys(email: string, address: string): ThrottleKeys {
  return { account: `account:${email.trim().toLowerCase()}`, address: `address:${address}` };
}

/** Minutes until the earliest lock on these keys ends, or 0 when not locked. */
export async function lockedForMinutes(keys: ThrottleKeys): Promise<number> {
  const rows = await db.signInThrottle.findMany({
    where: { key: { in: [keys.account, keys.address] }, lockedUntil: { gt: new Date() } },
    select: { lockedUntil: true },
  });
  const until = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
  return until === 0 ? 0 : Math.ceil((until - Date.now()) / 60_000);
}

async function bump(tx: Tx, key: string, limit: number): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO sign_in_throttles (key, failures, window_start)
    VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN sign_in_throttles.window_start < now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})
                      THEN 1 ELSE sign_in_throttles.failures + 1 END,
      window_start = CASE WHEN sign_in_throttles.window_start < now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})
                      THEN now() ELSE sign_in_throttles.window_start END,
      locked_until = CASE WHEN sign_in_throttles.window_start >= now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})
                           AND sign_in_throttles.failures + 1 >= ${limit}
                      THEN now() + make_interval(mins => ${THROTTLE_WINDOW_MINUTES}) ELSE sign_in_throttles.locked_until END`);
}

export async function recordFailure(tx: Tx, keys: ThrottleKeys): Promise<void> {
  await bump(tx, keys.account, ACCOUNT_FAILURE_LIMIT);
  // Without a known client address, a shared "unknown" counter would let anyone lock everyone out.
  if (keys.address !== "address:unknown") await bump(tx, keys.address, ADDRESS_FAILURE_LIMIT);
}

/**
 * Counts an attempt refused because a key is locked. True when it is the first
 * of its lock window, the one to audit: under a flood, the trail gets one
 * event per lock window, not one per attempt (docs/decisions/017).
 */
export async function countLockedRefusal(tx: Tx, keys: ThrottleKeys): Promise<boolean> {
  const rows = await tx.$queryRaw<{ refused: number }[]>(Prisma.sql`
    UPDATE sign_in_throttles SET refused_while_locked = refused_while_locked + 1
    WHERE key IN (${keys.account}, ${keys.address}) AND locked_until > now()
    RETURNING refused_while_locked AS refused`);
  return rows.length === 0 || rows.some((row) => row.refused === 1);
}

export type EndedLock = { key: "account" | "address"; value: string; refused: number; lockedUntil: Date };

/**
 * The locks on these keys that have ended, with the attempts they refused;
 * each is taken (its count reset) so it is reported once. Called whenever
 * the keys are seen again (a sign-in attempt, failed or not).
 */
export async function takeEndedLocks(tx: Tx, keys: ThrottleKeys): Promise<EndedLock[]> {
  const rows = await tx.$queryRaw<{ key: string; refused: number; lockedUntil: Date }[]>(Prisma.sql`
    UPDATE sign_in_throttles AS t SET refused_while_locked = 0
    FROM (
      SELECT key, refused_while_locked FROM sign_in_throttles
      WHERE key IN (${keys.account}, ${keys.address}) AND refused_while_locked > 0 AND (locked_until IS NULL OR locked_until <= now())
      FOR UPDATE
    ) AS ended
    WHERE t.key = ended.key
    RETURNING t.key, ended.refused_while_locked AS refused, t.locked_until AS "lockedUntil"`);
  return rows.map((row) => {
    const [kind, ...value] = row.key.split(":");
    return { key: kind === "address" ? "address" : "account", value: value.join(":"), refused: row.refused, lockedUntil: row.lockedUntil };
  });
}

/** A successful sign-in clears the account's counter (not the address's). */
export async function clearAccount(tx: Tx, keys: ThrottleKeys): Promise<void> {
  await tx.signInThrottle.deleteMany({ where: { key: keys.account } });
}
