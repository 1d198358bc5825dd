import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { appendAuditEvent, GLOBAL_CHAIN } from "../../lib/audit/append-event";
import { verifyCredentials } from "../../lib/auth/verify-credentials";
import { db } from "../../lib/db/client";
import { createSignoffRole } from "../../lib/roles/create-signoff-role";
import { randomUserSpec } from "../../lib/seed/factories";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { createUser } from "../../lib/users/create-user";
import { setUserDisabled } from "../../lib/users/set-user-disabled";
import { setUserRoles } from "../../lib/users/set-user-roles";
import { expectLinkedChain, headSeq, readChain } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { createTestUser, randomPassword, testContext } from "../support/users";

/**
 * A switch around the real appendAuditEvent:
 *   "before": throw where the event would be written (after the change);
 *   "after":  write the event, then throw (before the transaction commits).
 */
const injected = vi.hoisted(() => ({ mode: "off" as "off" | "before" | "after", calls: 0 }));

vi.mock("../../lib/audit/append-event", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../lib/audit/append-event")>();
  return {
    ...real,
    appendAuditEvent: (async (...args: Parameters<typeof real.appendAuditEvent>) => {
      injected.calls += 1;
      if (injected.mode === "before") throw new Error("injected failure before the audit event");
      const appended = await real.appendAuditEvent(...args);
      if (injected.mode === "after") throw new Error("injected failure after the audit event");
      return appended;
    }) as typeof real.appendAuditEvent,
  };
});

setupTestDatabase();

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
});

afterEach(() => {
  injected.mode = "off";
});

/** Runs `action` with the failure armed; expects it to throw the injected error after reaching the event. */
async function withFailure(mode: "before" | "after", action: () => Promise<unknown>): Promise<void> {
  injected.mode = mode;
  injected.calls = 0;
  try {
    await expect(action()).rejects.toThrow(`injected failure ${mode} the audit event`);
    expect(injected.calls).toBe(1);
  } finally {
    injected.mode = "off";
  }
}

async function eventCount(): Promise<number> {
  return db.auditEvent.count();
}

describe.each(["before", "after"] as const)("a failure %s the audit event is written", (mode) => {
  it("createUser leaves no user and no event", async () => {
    const spec = randomUserSpec({ signoffRoles: ["tech-lead"] });
    const events = await eventCount();
    const holders = await db.userSignoffRole.count();
    await withFailure(mode, () => createUser(testContext(), { ...spec, password: randomPassword() }));
    expect(await db.user.count({ where: { email: spec.email } })).toBe(0);
    expect(await db.userSignoffRole.count()).toBe(holders);
    expect(await eventCount()).toBe(events);
  });

  it("setUserRoles leaves the roles, the sessions and the trail as they were", async () => {
    const user = await createTestUser({ signoffRoles: ["qa-lead"] });
    const events = await eventCount();
    await withFailure(mode, () => setUserRoles(testContext(), { userId: user.id, appRole: "auditor", signoffRoles: ["sre-lead", "tech-lead"] }));
    const row = await db.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { appRole: true, sessionVersion: true, signoffRoles: { select: { role: { select: { key: true } } } } },
    });
    expect(row).toEqual({ appRole: "member", sessionVersion: 1, signoffRoles: [{ role: { key: "qa-lead" } }] });
    expect(await eventCount()).toBe(events);
  });

  it("setUserDisabled (both ways) leaves the user and the trail as they were", async () => {
    const user = await createTestUser();
    const events = await eventCount();
    await withFailure(mode, () => setUserDisabled(testContext(), user.id, true));
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { disabledAt: true, sessionVersion: true } })).toEqual({
      disabledAt: null,
      sessionVersion: 1,
    });
    expect(await eventCount()).toBe(events);

    await setUserDisabled(testContext(), user.id, true);
    const disabled = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { disabledAt: true } });
    const afterDisable = await eventCount();
    await withFailure(mode, () => setUserDisabled(testContext(), user.id, false));
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { disabledAt: true } })).toEqual(disabled);
    expect(await eventCount()).toBe(afterDisable);
  });

  it("createSignoffRole leaves no role and no event", async () => {
    const name = `Atomic Role ${randomBytes(3).toString("hex")}`;
    const events = await eventCount();
    await withFailure(mode, () => createSignoffRole(testContext(), { name }));
    expect(await db.signoffRole.count({ where: { name } })).toBe(0);
    expect(await eventCount()).toBe(events);
  });

  it("a failed sign-in whose event fails counts no failure", async () => {
    const user = await createTestUser();
    const address = `test-${randomUUID()}`;
    const events = await eventCount();
    await withFailure(mode, () => verifyCredentials({ email: user.email, password: "wrong-password!" }, address));
    expect(await db.signInThrottle.count({ where: { key: { in: [`account:${user.email}`, `address:${address}`] } } })).toBe(0);
    expect(await eventCount()).toBe(events);
  });
});

describe("a failure in the change after its event", () => {
  it("a unique violation after the event leaves no event, and the next event takes the same seq", async () => {
    const existing = await createTestUser();
    const head = await headSeq();
    const events = await eventCount();

    const attempt = db.$transaction(async (tx) => {
      await appendAuditEvent(tx, testContext(), {
        type: "user.created",
        subject: { kind: "user", id: randomUUID(), label: "Duplicate" },
        data: { after: { email: existing.email, name: "Duplicate", appRole: "member", signoffRoles: [], disabled: false } },
      });
      await tx.user.create({ data: { email: existing.email, name: "Duplicate", appRole: "member", passwordHash: "x" } });
    });
    await expect(attempt).rejects.toMatchObject({ code: "P2002" });
    expect(await eventCount()).toBe(events);
    expect(await headSeq()).toBe(head);

    // The rolled-back event left no hole: the next one continues the chain.
    await createTestUser();
    const chain = await readChain(GLOBAL_CHAIN);
    expect(chain.at(-1)?.seq).toBe(head + 1);
    expectLinkedChain(chain);
  });

  it("after the injected failures the chain is still gap-free and linked", async () => {
    expectLinkedChain(await readChain(GLOBAL_CHAIN));
  });
});
