import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { endSession } from "../../lib/auth/end-session";
import { loadActiveUser, userForSession } from "../../lib/auth/session-user";
import { db } from "../../lib/db/client";
import { setupTestDatabase } from "../support/database";
import { createTestUser, testContext } from "../support/users";

setupTestDatabase();

const signedOutEvents = (userId: string) =>
  db.auditEvent.findMany({ where: { type: "auth.signed_out", subject: { path: ["id"], equals: userId } } });

describe("endSession (signing out on the server)", () => {
  it("refuses the signed-out session from then on, and records one auth.signed_out event", async () => {
    const user = await createTestUser();
    const sessionId = randomUUID();
    expect(await userForSession(user.id, 1, sessionId)).toMatchObject({ id: user.id });

    await endSession(user, sessionId, testContext(user.id));

    expect(await userForSession(user.id, 1, sessionId)).toBeNull();
    const events = await signedOutEvents(user.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ chain: "global", actor: expect.objectContaining({ id: user.id }) });
  });

  it("ends only that session: the same user's other sessions and API token lookups go on", async () => {
    const user = await createTestUser();
    const [laptop, phone] = [randomUUID(), randomUUID()];
    await endSession(user, laptop, testContext(user.id));
    expect(await userForSession(user.id, 1, laptop)).toBeNull();
    expect(await userForSession(user.id, 1, phone)).toMatchObject({ id: user.id });
    expect(await loadActiveUser(user.id)).toMatchObject({ id: user.id });
  });

  it("signing out twice (two tabs) writes one row and one event", async () => {
    const user = await createTestUser();
    const sessionId = randomUUID();
    await Promise.all([endSession(user, sessionId, testContext(user.id)), endSession(user, sessionId, testContext(user.id))]);
    expect(await db.endedSession.count({ where: { sessionId } })).toBe(1);
    expect(await signedOutEvents(user.id)).toHaveLength(1);
  });

  it("keeps the row until the absolute session limit, and purges rows past it", async () => {
    const user = await createTestUser();
    const stale = randomUUID();
    await db.endedSession.create({ data: { sessionId: stale, userId: user.id, expiresAt: new Date(Date.now() - 1000) } });
    const current = randomUUID();
    await endSession(user, current, testContext(user.id));
    expect(await db.endedSession.findUnique({ where: { sessionId: stale } })).toBeNull();
    const row = await db.endedSession.findUniqueOrThrow({ where: { sessionId: current } });
    // Default absolute limit: 7 days (lib/security/session-policy.ts).
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
  });

  it("a session claim that is not a uuid is refused without a query error", async () => {
    const user = await createTestUser();
    for (const claim of ["", "not-a-uuid", "' OR 1=1 --", 42, null, { id: 1 }]) {
      expect(await userForSession(user.id, 1, claim)).toBeNull();
    }
    // Sessions issued before session ids (no claim at all) still work until they expire.
    expect(await userForSession(user.id, 1)).toMatchObject({ id: user.id });
  });
});
