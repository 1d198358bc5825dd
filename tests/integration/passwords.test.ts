import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadActiveUser, userForSession } from "../../lib/auth/session-user";
import { verifyCredentials } from "../../lib/auth/verify-credentials";
import { db } from "../../lib/db/client";
import { runCli } from "../support/cli";
import { setupTestDatabase } from "../support/database";
import { createTestUser, type TestUser } from "../support/users";

/**
 * Passwords through the real actions, use cases and database: a user changes
 * their own (current one required; the other sessions end, this one goes on;
 * audited), an admin resets someone's (every session ends, a new one must be
 * chosen before anything else), `countersign user password`, and the one
 * policy everywhere. Next's headers and Auth.js's cookie handling are the
 * stand-ins; the session check (lib/auth/session-user.ts) is real.
 */
const request = vi.hoisted(() => ({
  session: null as null | { userId: string; sessionVersion: number },
  updates: [] as unknown[],
  redirects: [] as string[],
}));
const HOST = "countersign.example.test";
vi.mock("next/headers", () => ({ headers: async () => new Headers({ origin: `http://${HOST}`, host: HOST, "user-agent": "vitest" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
// A successful change redirects to the profile (rendered with the re-issued cookie); recorded here.
vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  redirect: (url: string) => {
    request.redirects.push(url);
  },
}));
vi.mock("../../lib/auth/auth", () => ({
  auth: async () => request.session,
  signIn: async () => undefined,
  signOut: async () => undefined,
  updateSession: async (data: { sessionVersion: number }) => {
    request.updates.push(data);
    if (request.session) request.session = { ...request.session, sessionVersion: data.sessionVersion };
    return null;
  },
  handlers: {},
  redirectProviderIds: [],
}));

const { changePasswordAction, createTokenAction } = await import("../../app/(app)/profile/actions");
const { resetPasswordAction, createUserAction } = await import("../../app/(app)/admin/users/actions");

const context = setupTestDatabase();

type State = { status: string; message?: string; fieldErrors?: Record<string, string[]> };
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const call = async (action: unknown, fields: Record<string, string>) =>
  (await (action as (previous: { status: "idle" }, data: FormData) => Promise<State>)({ status: "idle" }, form(fields)));

async function signedInAs(user: { id: string }): Promise<number> {
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
  request.session = { userId: user.id, sessionVersion };
  return sessionVersion;
}
const passwordEvents = (userId: string, type: string) => db.auditEvent.count({ where: { type, subject: { path: ["id"], equals: userId } } });
const signsIn = async (email: string, password: string) =>
  verifyCredentials({ email, password }, `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`).then(
    () => true,
    () => false,
  );

let admin: TestUser;
beforeAll(async () => {
  admin = await createTestUser({ appRole: "admin" });
});
afterEach(() => {
  request.session = null;
  request.updates = [];
});

describe("changing one's own password (profile)", () => {
  it("needs the current password, ends the other sessions but not this one, and is audited", async () => {
    const user = await createTestUser({ appRole: "auditor" });
    const before = await signedInAs(user);
    const newPassword = "tulip-anchor-violet-9";
    const state = await call(changePasswordAction, { currentPassword: user.password, newPassword, confirmPassword: newPassword });
    expect(state).toMatchObject({ status: "success", message: "Password changed. You were signed out of your other sessions." });
    // The profile opens with the confirmation, rendered with the re-issued session.
    expect(request.redirects).toEqual(["/profile?password=changed"]);
    // Another session (the old version) has ended; this one was re-issued with the new version and goes on.
    expect(await userForSession(user.id, before)).toBeNull();
    expect(request.updates).toEqual([{ sessionVersion: before + 1 }]);
    expect(await userForSession(user.id, before + 1)).not.toBeNull();
    expect(await signsIn(user.email, user.password)).toBe(false);
    expect(await signsIn(user.email, newPassword)).toBe(true);
    expect(await passwordEvents(user.id, "user.password_changed")).toBe(1);
  });

  it("refuses a wrong current password naming currentPassword, and changes nothing", async () => {
    const user = await createTestUser();
    const before = await signedInAs(user);
    const hash = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    const state = await call(changePasswordAction, { currentPassword: "not the password at all", newPassword: "tulip-anchor-violet-9", confirmPassword: "tulip-anchor-violet-9" });
    expect(state).toMatchObject({ status: "error", fieldErrors: { currentPassword: ["The current password is incorrect."] } });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toBe(hash);
    expect(row.sessionVersion).toBe(before);
    expect(await passwordEvents(user.id, "user.password_changed")).toBe(0);
  });

  it.each([
    ["short", "newPassword", "New password must be at least 12 characters."],
    ["Password1234", "newPassword", "New password is too common"],
  ])("refuses the new password %s naming %s and saying why", async (newPassword, field, message) => {
    const user = await createTestUser();
    await signedInAs(user);
    const state = await call(changePasswordAction, { currentPassword: user.password, newPassword, confirmPassword: newPassword });
    expect(state.status).toBe("error");
    expect(state.fieldErrors?.[field]?.[0]).toContain(message);
    expect(await signsIn(user.email, user.password)).toBe(true);
  });
});

describe("an admin's reset", () => {
  it("sets a temporary password, ends every session, and allows nothing but choosing a new one", async () => {
    const user = await createTestUser();
    const before = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion;
    await signedInAs(admin);
    const temporary = "marble-lantern-orchid-4";
    const reset = await call(resetPasswordAction, { userId: user.id, password: temporary });
    expect(reset).toMatchObject({ status: "success" });
    expect(await userForSession(user.id, before)).toBeNull();
    expect(await passwordEvents(user.id, "user.password_reset")).toBe(1);
    expect(await signsIn(user.email, temporary)).toBe(true);

    // Signed in with the temporary password: every other action is refused, and nothing is written.
    await signedInAs(user);
    expect((await loadActiveUser(user.id))?.mustChangePassword).toBe(true);
    const refused = await call(createTokenAction, { name: "before changing" });
    expect(refused).toMatchObject({ status: "error", message: "Your password was reset by an admin: choose a new one on your profile first." });
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(0);

    const chosen = "quartz-meadow-falcon-7";
    expect(await call(changePasswordAction, { currentPassword: temporary, newPassword: chosen, confirmPassword: chosen })).toMatchObject({ status: "success" });
    expect((await loadActiveUser(user.id))?.mustChangePassword).toBe(false);
    expect(await call(createTokenAction, { name: "after changing" })).toMatchObject({ status: "success" });
  });

  it("refuses a common or short temporary password naming password, an admin's own account, and a member", async () => {
    const user = await createTestUser();
    await signedInAs(admin);
    expect((await call(resetPasswordAction, { userId: user.id, password: "qwerty123456" })).fieldErrors?.password?.[0]).toMatch(/^Temporary password is too common/);
    expect((await call(resetPasswordAction, { userId: user.id, password: "short" })).fieldErrors?.password).toEqual(["Temporary password must be at least 12 characters."]);
    expect(await call(resetPasswordAction, { userId: admin.id, password: "marble-lantern-orchid-4" })).toMatchObject({
      status: "error",
      message: "Change your own password on your profile; it asks for your current one.",
    });
    const member = await createTestUser();
    await signedInAs(member);
    expect(await call(resetPasswordAction, { userId: user.id, password: "marble-lantern-orchid-4" })).toMatchObject({ status: "error", message: "You do not have permission to do that." });
    expect(await passwordEvents(user.id, "user.password_reset")).toBe(0);
    expect(await signsIn(user.email, user.password)).toBe(true);
  });
});

describe("creating a user", () => {
  it("applies the same policy: a common password is refused naming the field", async () => {
    await signedInAs(admin);
    const state = await call(createUserAction, { email: `common-${Date.now()}@example.test`, name: "Common", appRole: "member", password: "iloveyou1234" });
    expect(state.status).toBe("error");
    expect(state.fieldErrors?.password?.[0]).toMatch(/^Password is too common/);
  });
});

const runUserCli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { DATABASE_URL: context.database.appUrl, DATABASE_OWNER_URL: context.database.ownerUrl, ...env });

describe("countersign user password", { timeout: 60_000 }, () => {
  it("generates a temporary password, prints it once, and forces a change at the next sign-in", async () => {
    const user = await createTestUser();
    const result = await runUserCli(["user", "password", "--user", user.email.toUpperCase()]);
    expect(result.code, result.stderr).toBe(0);
    const temporary = /Temporary password \(shown once\): (\S+)/.exec(result.stdout)?.[1];
    expect(temporary).toBeTruthy();
    expect(await signsIn(user.email, temporary!)).toBe(true);
    expect((await loadActiveUser(user.id))?.mustChangePassword).toBe(true);
    expect(await passwordEvents(user.id, "user.password_reset")).toBe(1);
  });

  it("refuses a common password and an unknown user with one line saying why, changing nothing", async () => {
    const user = await createTestUser();
    const common = await runUserCli(["user", "password", "--user", user.email], { COUNTERSIGN_NEW_USER_PASSWORD: "password12345" });
    expect(common.code).toBe(1);
    expect(common.stderr.trim()).toMatch(/^error: .*password: Temporary password is too common/);
    expect(common.stderr.trim().split("\n")).toHaveLength(1);
    const unknown = await runUserCli(["user", "password", "--user", "nobody@example.test"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No user with email nobody@example.test.");
    expect(await signsIn(user.email, user.password)).toBe(true);
  });
});
