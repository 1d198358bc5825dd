import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatEvent } from "../../lib/audit/format-event";
import { db } from "../../lib/db/client";
import { ACCOUNT_FAILURE_LIMIT, ADDRESS_FAILURE_LIMIT } from "../../lib/auth/sign-in-throttle";
import { verifyCredentials } from "../../lib/auth/verify-credentials";
import { setupTestDatabase } from "../support/database";
import { appErrorOf } from "../support/errors";
import { createTestUser } from "../support/users";

setupTestDatabase();

/**
 * A flood of sign-in attempts against a locked account or address: the audit
 * trail grows by one event per lock window, not one per attempt, and the
 * number refused is written once the lock has ended (docs/decisions/017).
 */
const FLOOD = 300;

/** Audit events written while `run` runs, oldest first. */
async function eventsDuring(run: () => Promise<unknown>) {
  const [row] = await db.$queryRaw<{ max: bigint | null }[]>`SELECT max(id) AS max FROM audit_events`;
  await run();
  return db.auditEvent.findMany({ where: { id: { gt: row?.max ?? 0n } }, orderBy: { id: "asc" } });
}

/** Ends the locks on these keys as if their 15 minutes had passed. */
async function endLocks(...keys: string[]) {
  await db.signInThrottle.updateMany({ where: { key: { in: keys } }, data: { lockedUntil: new Date(Date.now() - 1_000), windowStart: new Date(Date.now() - 16 * 60_000) } });
}

describe("a flood of sign-in attempts", () => {
  it(`against a locked account: ${FLOOD} refused attempts add one event, and their count once the lock has ended`, { timeout: 120_000 }, async () => {
    const user = await createTestUser();
    const address = `flood-${randomUUID()}`;
    const codes: string[] = [];
    const events = await eventsDuring(async () => {
      for (let attempt = 0; attempt < ACCOUNT_FAILURE_LIMIT; attempt += 1) codes.push((await appErrorOf(verifyCredentials({ email: user.email, password: "wrong-password!" }, address))).code);
      for (let attempt = 0; attempt < FLOOD; attempt += 1) {
        const password = attempt % 2 === 0 ? user.password : "wrong-password!";
        codes.push((await appErrorOf(verifyCredentials({ email: user.email, password }, `${address}-${attempt % 7}`))).code);
      }
    });
    expect(codes.slice(0, ACCOUNT_FAILURE_LIMIT)).toEqual(Array(ACCOUNT_FAILURE_LIMIT).fill("UNAUTHENTICATED"));
    expect(new Set(codes.slice(ACCOUNT_FAILURE_LIMIT))).toEqual(new Set(["RATE_LIMITED"]));
    // The five failures that locked it, then one event for the whole lock window.
    expect(events.map((event) => (event.data as { reason: string }).reason)).toEqual([...Array(ACCOUNT_FAILURE_LIMIT).fill("wrong_credentials"), "rate_limited"]);
    expect(events.every((event) => event.type === "auth.sign_in_failed")).toBe(true);

    await endLocks(`account:${user.email}`);
    const after = await eventsDuring(() => verifyCredentials({ email: user.email, password: user.password }, address));
    expect(after.map((event) => event.type)).toEqual(["auth.locked_attempts_refused", "auth.signed_in"]);
    expect(after[0]).toMatchObject({ subject: { kind: "account", id: user.email }, data: { key: "account", value: user.email, refused: FLOOD } });
    expect(formatEvent(after[0] as never)).toMatch(new RegExp(`^Anonymous was refused ${FLOOD} sign-in attempts while the account ${user.email.replace(/[.+]/g, "\\$&")} was locked`));
    // Reported once.
    expect(await eventsDuring(() => verifyCredentials({ email: user.email, password: user.password }, address)).then((rows) => rows.map((event) => event.type))).toEqual(["auth.signed_in"]);
  });

  it(`against a locked address, with a new email each time: ${FLOOD} attempts add one event`, { timeout: 120_000 }, async () => {
    const address = `flood-${randomUUID()}`;
    const events = await eventsDuring(async () => {
      for (let attempt = 0; attempt < ADDRESS_FAILURE_LIMIT + FLOOD; attempt += 1) {
        await appErrorOf(verifyCredentials({ email: `nobody-${attempt}-${randomUUID().slice(0, 6)}@example.test`, password: "wrong-password!" }, address));
      }
    });
    expect(events).toHaveLength(ADDRESS_FAILURE_LIMIT + 1);
    expect(events.at(-1)?.data).toMatchObject({ reason: "rate_limited" });

    await endLocks(`address:${address}`);
    const after = await eventsDuring(() => appErrorOf(verifyCredentials({ email: "someone@example.test", password: "wrong-password!" }, address)));
    expect(after.map((event) => [event.type, (event.data as { refused?: number }).refused])).toEqual([
      ["auth.locked_attempts_refused", FLOOD],
      ["auth.sign_in_failed", undefined],
    ]);
    expect(after[0]).toMatchObject({ subject: { kind: "address", id: address }, data: { key: "address", value: address } });
  });
});
