import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, type AuditContext, actorSchema, userActor } from "../../lib/audit/actor";
import { GLOBAL_CHAIN } from "../../lib/audit/append-event";
import { AUDIT_EVENT_SCHEMAS, isAuditEventType, subjectSchema } from "../../lib/audit/event-types";
import { formatEvent } from "../../lib/audit/format-event";
import { listEvents } from "../../lib/audit/list-events";
import { verifyTrail } from "../../lib/audit/verify-trail";
import { ACCOUNT_FAILURE_LIMIT } from "../../lib/auth/sign-in-throttle";
import { loadActiveUser } from "../../lib/auth/session-user";
import { verifyCredentials } from "../../lib/auth/verify-credentials";
import { db } from "../../lib/db/client";
import { createSignoffRole } from "../../lib/roles/create-signoff-role";
import { randomUserSpec } from "../../lib/seed/factories";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { createUser } from "../../lib/users/create-user";
import { setUserDisabled } from "../../lib/users/set-user-disabled";
import { setUserRoles } from "../../lib/users/set-user-roles";
import { type EventRow, expectLinkedChain, headSeq, readChain, type TempCheckpoints, tempCheckpoints } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { appErrorOf } from "../support/errors";
import { createTestUser, randomPassword, type TestUser } from "../support/users";

setupTestDatabase();

const ORIGIN = { address: "198.51.100.7", userAgent: "vitest-recording/1.0" };

let admin: TestUser;
let adminActor: Actor;
let adminContext: AuditContext;
let checkpoints: TempCheckpoints;

/** The admin as the action wrapper sees them right now: loaded fresh, frozen into an actor. */
async function contextOf(userId: string): Promise<AuditContext> {
  const user = await loadActiveUser(userId);
  if (!user) throw new Error("actor not active");
  return { actor: userActor(user), origin: ORIGIN };
}

/** Runs an action and returns the global-chain events it wrote, with the clock read around it. */
async function recorded<R>(action: () => Promise<R>): Promise<{ result: R; events: EventRow[]; before: number; after: number; previous?: EventRow }> {
  const head = await headSeq();
  const previous = head > 0 ? (await readChain(GLOBAL_CHAIN, head - 1))[0] : undefined;
  const before = Date.now();
  const result = await action();
  const after = Date.now();
  return { result, events: await readChain(GLOBAL_CHAIN, head), before, after, previous };
}

/** Expects exactly one event, appended right after the previous head at the time of the call. */
function single(record: { events: EventRow[]; before: number; after: number; previous?: EventRow }): EventRow {
  expect(record.events).toHaveLength(1);
  const event = record.events[0]!;
  expect(event.chain).toBe(GLOBAL_CHAIN);
  expect(event.seq).toBe((record.previous?.seq ?? 0) + 1);
  if (record.previous) expect(event.prevHash).toBe(record.previous.hash);
  // Millisecond time, taken during the call, stored exactly as hashed.
  expect(event.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(event.occurredAtDate.getTime()).toBeGreaterThanOrEqual(record.before);
  expect(event.occurredAtDate.getTime()).toBeLessThanOrEqual(record.after);
  return event;
}

const userLabel = (user: { name: string; email: string }) => `${user.name} <${user.email}>`;

function sentenceOf(event: EventRow): string {
  if (!isAuditEventType(event.type)) throw new Error(`unknown type ${event.type}`);
  const data = AUDIT_EVENT_SCHEMAS[event.type].parse(event.data);
  return formatEvent({ type: event.type, actor: actorSchema.parse(event.actor), subject: subjectSchema.parse(event.subject), data } as Parameters<
    typeof formatEvent
  >[0]);
}

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
  admin = await createTestUser({ appRole: "admin", name: `Rita Recorder ${randomBytes(3).toString("hex")}`, signoffRoles: ["tech-lead", "qa-lead"] });
  adminContext = await contextOf(admin.id);
  adminActor = adminContext.actor;
  checkpoints = await tempCheckpoints();
});

afterAll(async () => {
  await checkpoints?.cleanup();
});

describe("audit recording", () => {
  it("freezes the acting user's name, email and roles into the actor", () => {
    expect(adminActor).toEqual({
      kind: "user",
      id: admin.id,
      name: admin.spec.name,
      email: admin.email,
      appRole: "admin",
      signoffRoles: ["QA Lead", "Tech Lead"],
    });
  });

  it("createUser writes one user.created event with the new user's values", async () => {
    const spec = randomUserSpec({ appRole: "member", signoffRoles: ["sre-lead", "tech-lead"] });
    const record = await recorded(() => createUser(adminContext, { ...spec, password: randomPassword() }));
    const event = single(record);
    expect(event).toMatchObject({
      type: "user.created",
      actor: adminActor,
      subject: { kind: "user", id: record.result.id, label: userLabel(spec) },
      data: { after: { email: spec.email, name: spec.name, appRole: "member", signoffRoles: ["SRE Lead", "Tech Lead"], disabled: false } },
      origin: ORIGIN,
    });
    expect(sentenceOf(event)).toBe(
      `${admin.spec.name} (QA Lead, Tech Lead) created user ${spec.name} <${spec.email}> as member with sign-off roles: SRE Lead, Tech Lead`,
    );
  });

  it("setUserRoles writes one user.roles_changed event with before and after", async () => {
    const user = await createTestUser({ signoffRoles: ["sre-lead"] });
    const record = await recorded(() =>
      setUserRoles(adminContext, { userId: user.id, appRole: "auditor", signoffRoles: ["security-engineer", "qa-lead"] }),
    );
    const event = single(record);
    expect(event).toMatchObject({
      type: "user.roles_changed",
      actor: adminActor,
      subject: { kind: "user", id: user.id, label: userLabel(user) },
      data: {
        before: { appRole: "member", signoffRoles: ["SRE Lead"] },
        after: { appRole: "auditor", signoffRoles: ["QA Lead", "Security Engineer"] },
      },
      origin: ORIGIN,
    });
    expect(sentenceOf(event)).toBe(
      `${admin.spec.name} (QA Lead, Tech Lead) changed the roles of ${userLabel(user)} from member (SRE Lead) to auditor (QA Lead, Security Engineer)`,
    );
  });

  it("setUserDisabled writes one user.disabled, then one user.enabled event", async () => {
    const user = await createTestUser();
    const disabled = single(await recorded(() => setUserDisabled(adminContext, user.id, true)));
    expect(disabled).toMatchObject({
      type: "user.disabled",
      actor: adminActor,
      subject: { kind: "user", id: user.id, label: userLabel(user) },
      data: { before: { disabled: false }, after: { disabled: true } },
      origin: ORIGIN,
    });
    expect(sentenceOf(disabled)).toBe(`${admin.spec.name} (QA Lead, Tech Lead) disabled ${userLabel(user)}`);

    const enabled = single(await recorded(() => setUserDisabled(adminContext, user.id, false)));
    expect(enabled).toMatchObject({
      type: "user.enabled",
      subject: { kind: "user", id: user.id, label: userLabel(user) },
      data: { before: { disabled: true }, after: { disabled: false } },
    });
    expect(enabled.prevHash).toBe(disabled.hash);
    expect(sentenceOf(enabled)).toBe(`${admin.spec.name} (QA Lead, Tech Lead) enabled ${userLabel(user)}`);
  });

  it("createSignoffRole writes one signoff_role.created event", async () => {
    const name = `Release Captain ${randomBytes(3).toString("hex")}`;
    const record = await recorded(() => createSignoffRole(adminContext, { name }));
    const role = await db.signoffRole.findUniqueOrThrow({ where: { key: record.result.key } });
    const event = single(record);
    expect(event).toMatchObject({
      type: "signoff_role.created",
      actor: adminActor,
      subject: { kind: "signoff_role", id: role.id, label: name },
      data: { after: { key: role.key, name } },
      origin: ORIGIN,
    });
    expect(sentenceOf(event)).toBe(`${admin.spec.name} (QA Lead, Tech Lead) added the sign-off role ${name}`);
  });

  it("a successful sign-in writes one auth.signed_in event with the user as actor", async () => {
    const user = await createTestUser({ signoffRoles: ["platform-lead"] });
    const address = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const event = single(await recorded(() => verifyCredentials({ email: user.email, password: user.password }, address, "Firefox/140")));
    expect(event).toEqual(
      expect.objectContaining({
        type: "auth.signed_in",
        actor: { kind: "user", id: user.id, name: user.spec.name, email: user.email, appRole: "member", signoffRoles: ["Platform Lead"] },
        subject: { kind: "user", id: user.id, label: userLabel(user) },
        data: {},
        origin: { address, userAgent: "Firefox/140" },
      }),
    );
    expect(sentenceOf(event)).toBe(`${user.spec.name} (Platform Lead) signed in`);
  });

  it("a failed sign-in writes one auth.sign_in_failed event with the attempted email, never the password", async () => {
    const user = await createTestUser();
    const address = `test-${randomUUID()}`;
    const password = `wrong-${randomBytes(8).toString("hex")}`;
    const record = await recorded(() => appErrorOf(verifyCredentials({ email: ` ${user.email.toUpperCase()} `, password }, address, "curl/8")));
    expect(record.result.code).toBe("UNAUTHENTICATED");
    const event = single(record);
    expect(event).toEqual(
      expect.objectContaining({
        type: "auth.sign_in_failed",
        actor: { kind: "anonymous", name: "Anonymous", email: user.email },
        subject: { kind: "account", id: user.email, label: user.email },
        data: { email: user.email, reason: "wrong_credentials" },
        origin: { address, userAgent: "curl/8" },
      }),
    );
    expect(JSON.stringify({ ...event, id: String(event.id) })).not.toContain(password);
    expect(sentenceOf(event)).toBe(`Anonymous failed to sign in as ${user.email}`);

    const unknown = `nobody-${randomUUID().slice(0, 8)}@example.test`;
    const forUnknown = single(await recorded(() => appErrorOf(verifyCredentials({ email: unknown, password }, address))));
    expect(forUnknown).toMatchObject({ type: "auth.sign_in_failed", data: { email: unknown, reason: "wrong_credentials" } });
  });

  it("a sign-in refused by the rate limit writes one auth.sign_in_failed event with reason rate_limited", async () => {
    const user = await createTestUser();
    const address = `test-${randomUUID()}`;
    for (let attempt = 0; attempt < ACCOUNT_FAILURE_LIMIT; attempt += 1) {
      await appErrorOf(verifyCredentials({ email: user.email, password: "wrong-password!" }, address));
    }
    const record = await recorded(() => appErrorOf(verifyCredentials({ email: user.email, password: user.password }, address)));
    expect(record.result.code).toBe("RATE_LIMITED");
    const event = single(record);
    expect(event).toMatchObject({ type: "auth.sign_in_failed", data: { email: user.email, reason: "rate_limited" } });
    expect(sentenceOf(event)).toBe(`Anonymous was refused sign-in as ${user.email} (too many attempts)`);
  });

  it("keeps the actor as they were at the time, after their roles change", async () => {
    const actorUser = await createTestUser({ appRole: "admin", signoffRoles: ["qa-lead"] });
    const contextThen = await contextOf(actorUser.id);
    const first = single(await recorded(() => createSignoffRole(contextThen, { name: `Role Then ${randomBytes(3).toString("hex")}` })));

    await setUserRoles(adminContext, { userId: actorUser.id, appRole: "admin", signoffRoles: ["sre-lead", "devops-engineer"] });
    const contextNow = await contextOf(actorUser.id);
    const second = single(await recorded(() => createSignoffRole(contextNow, { name: `Role Now ${randomBytes(3).toString("hex")}` })));

    const [reread] = await readChain(GLOBAL_CHAIN, first.seq - 1);
    expect(reread?.actor).toMatchObject({ id: actorUser.id, name: actorUser.spec.name, email: actorUser.email, signoffRoles: ["QA Lead"] });
    expect(second.actor).toMatchObject({ id: actorUser.id, signoffRoles: ["DevOps Engineer", "SRE Lead"] });
  });

  describe("a refused change writes no event", () => {
    /** Each case prepares its fixtures first, then returns the refused call. */
    const refusals: [string, () => Promise<() => Promise<unknown>>][] = [
      [
        "duplicate email",
        async () => {
          const existing = await createTestUser();
          return () => createUser(adminContext, { ...randomUserSpec({ email: existing.email.toUpperCase() }), password: randomPassword() });
        },
      ],
      [
        "unknown sign-off role on create",
        async () => () => createUser(adminContext, { ...randomUserSpec({ signoffRoles: ["no-such-role"] }), password: randomPassword() }),
      ],
      ["invalid input", async () => () => createUser(adminContext, { ...randomUserSpec({ email: "not-an-email" }), password: randomPassword() })],
      [
        "unknown sign-off role on change",
        async () => {
          const user = await createTestUser();
          return () => setUserRoles(adminContext, { userId: user.id, appRole: "admin", signoffRoles: ["no-such-role"] });
        },
      ],
      ["an admin demoting themself", async () => () => setUserRoles(adminContext, { userId: admin.id, appRole: "member" })],
      ["an admin disabling themself", async () => () => setUserDisabled(adminContext, admin.id, true)],
      ["unknown user", async () => () => setUserDisabled(adminContext, "00000000-0000-4000-8000-000000000000", true)],
      ["duplicate sign-off role", async () => () => createSignoffRole(adminContext, { name: "tech lead" })],
    ];
    for (const [label, prepare] of refusals) {
      it(label, async () => {
        const attempt = await prepare();
        const record = await recorded(() =>
          attempt().then(
            () => "succeeded",
            () => "refused",
          ),
        );
        expect(record.result).toBe("refused");
        expect(record.events).toEqual([]);
      });
    }

    it("a change that changes nothing", async () => {
      const user = await createTestUser({ signoffRoles: ["qa-lead", "tech-lead"] });
      const record = await recorded(async () => [
        await setUserRoles(adminContext, { userId: user.id, appRole: "member", signoffRoles: ["tech-lead", "qa-lead"] }),
        await setUserDisabled(adminContext, user.id, false),
      ]);
      expect(record.result.map((result) => result.changed)).toEqual([false, false]);
      expect(record.events).toEqual([]);
    });
  });

  // Regression: the text "\u0000" (a backslash, then u0000) must be stored as given.
  it("records a user whose name contains the text \\u0000 exactly as given", async () => {
    const spec = randomUserSpec({ name: "Path C:\\u0000\\tmp" });
    const record = await recorded(() => createUser(adminContext, { ...spec, password: randomPassword() }));
    expect(single(record).data).toMatchObject({ after: { name: "Path C:\\u0000\\tmp" } });
  });

  it("records a failed sign-in whose email contains the text \\u0000 and answers with the usual message", async () => {
    const email = "evil\\u0000@example.test";
    const record = await recorded(() => appErrorOf(verifyCredentials({ email, password: "whatever-password" }, `test-${randomUUID()}`)));
    expect(record.result.code).toBe("UNAUTHENTICATED");
    expect(single(record).data).toEqual({ email, reason: "wrong_credentials" });
  });

  // Regression: PostgreSQL text cannot hold U+0000; a NUL in the email (e.g. "%00" in the form post) must
  // still get the usual answer, be counted and be audited.
  it("records a failed sign-in whose email contains a NUL character and answers with the usual message", async () => {
    const record = await recorded(() => appErrorOf(verifyCredentials({ email: "nul\u0000byte@example.test", password: "whatever-password" }, `test-${randomUUID()}`)));
    expect(record.result.code).toBe("UNAUTHENTICATED");
    expect(single(record)).toMatchObject({ type: "auth.sign_in_failed", data: { reason: "wrong_credentials" } });
  });

  it("leaves a gap-free, correctly linked global chain that verifies intact", async () => {
    const events = await readChain();
    expect(events.length).toBeGreaterThan(20);
    expectLinkedChain(events);
    const report = await verifyTrail({ checkpointDir: checkpoints.config.dir, publicKeyPem: checkpoints.publicKeyPem });
    expect(report).toMatchObject({ status: "intact", events: events.length, chains: 1 });
    expect(report.heads).toEqual([{ chain: GLOBAL_CHAIN, seq: events.length, hash: events.at(-1)!.hash }]);
  });

  it("every recorded event reads back as a sentence, the same in the global log", async () => {
    const events = await readChain();
    const { events: listed } = await listEvents({ limit: 200 }, "system");
    expect(listed).toHaveLength(Math.min(200, events.length));
    const sentences = new Map(listed.map((row) => [row.seq, row.sentence]));
    for (const event of events) {
      const sentence = sentenceOf(event);
      expect(sentence.length).toBeGreaterThan(10);
      expect(sentence).not.toMatch(/undefined|\[object Object\]/);
      if (sentences.has(event.seq)) expect(sentences.get(event.seq)).toBe(sentence);
    }
  });
});
