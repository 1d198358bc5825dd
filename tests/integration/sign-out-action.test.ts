import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db/client";
import { setupTestDatabase } from "../support/database";
import { createTestUser } from "../support/users";

/**
 * The sign-out server action (app/sign-in/actions.ts) with the real session
 * check and use case on a real database; Next.js's request headers and
 * Auth.js's cookie handling are the stand-ins. It runs without
 * validatedAction (an invalid session must still be able to clear its
 * cookie), so its origin check is tested here.
 */
const request = vi.hoisted(() => ({
  headers: new Headers(),
  session: null as null | { userId: string; sessionVersion: number; sessionId?: string },
  signedOut: 0,
}));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("../../lib/auth/auth", () => ({
  auth: async () => request.session,
  signIn: async () => undefined,
  signOut: async () => {
    request.signedOut += 1;
  },
  handlers: {},
}));

const { signOutAction } = await import("../../app/sign-in/actions");

setupTestDatabase();

const HOST = "countersign.example.test";
const sameOrigin = () => new Headers({ origin: `https://${HOST}`, host: HOST, "x-forwarded-proto": "https" });
const endedRows = (sessionId: string) => db.endedSession.count({ where: { sessionId } });
const signedOutEvents = (userId: string) => db.auditEvent.count({ where: { type: "auth.signed_out", subject: { path: ["id"], equals: userId } } });

beforeEach(() => {
  request.signedOut = 0;
});

describe("signOutAction", () => {
  it("from our own page: ends the session on the server, records it, and clears the cookie", async () => {
    const user = await createTestUser();
    const sessionId = randomUUID();
    request.headers = sameOrigin();
    request.session = { userId: user.id, sessionVersion: 1, sessionId };
    await signOutAction();
    expect(await endedRows(sessionId)).toBe(1);
    expect(await signedOutEvents(user.id)).toBe(1);
    expect(request.signedOut).toBe(1);
  });

  it.each([
    ["a foreign Origin", { origin: "https://evil.example", host: HOST }],
    ["a null Origin", { origin: "null", host: HOST }],
    ["no Origin", { host: HOST }],
  ])("refuses %s: nothing is written and the session goes on", async (_label, headers) => {
    const user = await createTestUser();
    const sessionId = randomUUID();
    request.headers = new Headers(headers);
    request.session = { userId: user.id, sessionVersion: 1, sessionId };
    await signOutAction();
    expect(await endedRows(sessionId)).toBe(0);
    expect(await signedOutEvents(user.id)).toBe(0);
    expect(request.signedOut).toBe(0);
  });

  it("without a valid session (none, or a session id that is not ours) it only clears the cookie", async () => {
    request.headers = sameOrigin();
    request.session = null;
    await signOutAction();
    const user = await createTestUser();
    request.session = { userId: user.id, sessionVersion: 1, sessionId: "not-a-uuid" };
    await signOutAction();
    expect(await db.endedSession.count({ where: { userId: user.id } })).toBe(0);
    expect(request.signedOut).toBe(2);
  });
});
