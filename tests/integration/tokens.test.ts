import { createHash, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db/client";
import { authenticateToken, createToken, listTokens, revokeToken } from "../../lib/tokens/tokens";
import { loadActiveUser } from "../../lib/auth/session-user";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { setUserDisabled } from "../../lib/users/set-user-disabled";
import { connect, readChain, superuserUrlOf } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { refusalOf } from "../support/releases";
import { createTestUser, testContext } from "../support/users";

// The browser-session half of the API wrapper needs Next.js and Auth.js at runtime; these tests
// only send bearer tokens, which never reach it.
vi.mock("../../lib/auth/current-user", () => ({
  getCurrentUser: () => Promise.reject(new Error("a bearer-token request must not look at the session")),
}));

const context = setupTestDatabase();

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Every row of every table of the database, as text, read as the superuser (nothing is hidden from it). */
async function everyRowAsText(): Promise<string> {
  const client = await connect(superuserUrlOf(context.database));
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.rows.length).toBeGreaterThan(5);
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      parts.push(...rows.rows.map((row) => row.row));
    }
    return parts.join("\n");
  } finally {
    await client.end();
  }
}

async function tokenEvents(tokenId: string) {
  return (await readChain()).filter((event) => (event.subject as { kind: string; id: string }).kind === "token" && (event.subject as { id: string }).id === tokenId);
}

describe("createToken", () => {
  it("returns a cs_ token once and stores only its sha256", async () => {
    const user = await createTestUser({ name: "Cee Eye" });
    const { token, row } = await createToken(testContext(user.id), user.id, { name: "CI pipeline" });
    expect(token).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
    expect(row).toMatchObject({ id: expect.any(String), name: "CI pipeline", prefix: token.slice(0, 10), lastUsedAt: null, revokedAt: null });
    expect(row).not.toHaveProperty("token");
    expect(row).not.toHaveProperty("tokenHash");

    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.tokenHash).toBe(sha256(token));
    expect(stored.userId).toBe(user.id);

    // The secret part is nowhere in the database: not in the token table, not in the audit trail.
    const everything = await everyRowAsText();
    expect(everything).toContain(stored.tokenHash);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.slice(10));

    // Listing shows the prefix, never the token.
    const listed = await listTokens(user.id);
    expect(listed).toEqual([row]);
    expect(JSON.stringify(listed)).not.toContain(token.slice(10));

    const [event, ...more] = await tokenEvents(row.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      type: "token.created",
      actor: { id: user.id },
      subject: { kind: "token", id: row.id, label: `CI pipeline of Cee Eye <${user.email}>` },
      data: { after: { name: "CI pipeline", prefix: token.slice(0, 10) } },
    });
  });

  it("makes a different token each time", async () => {
    const user = await createTestUser();
    const first = await createToken(testContext(user.id), user.id, { name: "one" });
    const second = await createToken(testContext(user.id), user.id, { name: "one" });
    expect(first.token).not.toBe(second.token);
  });

  it("refuses a bad name naming the field, writing nothing", async () => {
    const user = await createTestUser();
    const events = await db.auditEvent.count();
    for (const name of ["", "   ", "x".repeat(81), "CI\u0000", "<script>"]) {
      const refusal = await refusalOf(createToken(testContext(user.id), user.id, { name }));
      expect(refusal.code).toBe("BAD_REQUEST");
      expect(Object.keys(refusal.fields)).toEqual(["name"]);
    }
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count()).toBe(events);
  });

  it("refuses a token for a disabled or unknown user", async () => {
    const user = await createTestUser();
    await setUserDisabled(testContext(), user.id, true);
    expect((await refusalOf(createToken(testContext(), user.id, { name: "late" }))).code).toBe("NOT_FOUND");
    expect((await refusalOf(createToken(testContext(), randomUUID(), { name: "ghost" }))).code).toBe("NOT_FOUND");
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("authenticateToken", () => {
  it("finds the user behind a valid token and records its use", async () => {
    const user = await createTestUser();
    const { token, row } = await createToken(testContext(user.id), user.id, { name: "deploy bot" });
    const found = await authenticateToken(token);
    expect(found).toEqual({
      userId: user.id,
      tokenId: row.id,
      user: await loadActiveUser(user.id),
      token: { id: row.id, name: "deploy bot", scopes: ["releases:read", "releases:write", "items:write"], project: null, kind: "personal" },
    });
    expect(found?.user).toMatchObject({ id: user.id, email: user.email, appRole: "member" });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).toBeInstanceOf(Date);
  });

  it("answers null for malformed and unknown tokens", async () => {
    const user = await createTestUser();
    const { token } = await createToken(testContext(user.id), user.id, { name: "real" });
    const unknown = `cs_${"A".repeat(43)}`;
    for (const candidate of ["", "cs_", token.slice(0, -1), `${token}A`, token.replace(/^cs_/, "xx_"), token.toUpperCase(), ` ${token}`, sha256(token), unknown, `${token.slice(0, 45)}'--`]) {
      expect(await authenticateToken(candidate), JSON.stringify(candidate)).toBeNull();
    }
  });

  it("answers null once the token is revoked, and revoking writes token.revoked", async () => {
    const user = await createTestUser();
    const { token, row } = await createToken(testContext(user.id), user.id, { name: "to revoke" });
    expect(await revokeToken(testContext(user.id), { tokenId: row.id }, user.id)).toEqual({ name: "to revoke" });
    expect(await authenticateToken(token)).toBeNull();
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).toBeInstanceOf(Date);
    expect((await tokenEvents(row.id)).map((event) => [event.type, event.data])).toEqual([
      ["token.created", { after: { name: "to revoke", prefix: row.prefix, scopes: ["releases:read", "releases:write", "items:write"], project: null, owner: "user" } }],
      ["token.revoked", { before: { name: "to revoke", prefix: row.prefix, scopes: ["releases:read", "releases:write", "items:write"], project: null, owner: "user" } }],
    ]);
    // Revoking twice finds nothing to revoke.
    expect((await refusalOf(revokeToken(testContext(user.id), { tokenId: row.id }, user.id))).code).toBe("NOT_FOUND");
    expect(await tokenEvents(row.id)).toHaveLength(2);
  });

  // Regression: a disabled user's token must not authenticate, whoever calls authenticateToken.
  it("answers null when the token's user is disabled", async () => {
    const user = await createTestUser();
    const { token } = await createToken(testContext(user.id), user.id, { name: "orphan" });
    await setUserDisabled(testContext(), user.id, true);
    expect(await authenticateToken(token)).toBeNull();
  });

  it("the API wrapper refuses a disabled user's token with 401", async () => {
    const { apiRoute } = await import("../../lib/auth/api-route");
    const route = apiRoute({ permission: "release:read" }, async (_input, { user }) => ({ userId: user.id }));
    const user = await createTestUser();
    const { token } = await createToken(testContext(user.id), user.id, { name: "ci" });
    const call = (bearer: string) => route(new Request("http://localhost/api/v1/whoami", { headers: { authorization: `Bearer ${bearer}` } }));

    const ok = await call(token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ userId: user.id });

    await setUserDisabled(testContext(), user.id, true);
    const refused = await call(token);
    expect(refused.status).toBe(401);
    expect((await refused.json()) as unknown).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    expect((await call("cs_not-a-token")).status).toBe(401);
  });
});

describe("revokeToken", () => {
  it("answers NOT_FOUND for another user's token and leaves it working", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    const { token, row } = await createToken(testContext(owner.id), owner.id, { name: "mine" });
    const events = await db.auditEvent.count();
    for (const tokenId of [row.id, randomUUID()]) {
      const refusal = await refusalOf(revokeToken(testContext(other.id), { tokenId }, other.id));
      expect(refusal).toMatchObject({ kind: "app", code: "NOT_FOUND", message: "Token not found." });
    }
    expect((await refusalOf(revokeToken(testContext(other.id), { tokenId: "not-a-uuid" }, other.id))).code).toBe("BAD_REQUEST");
    expect(await authenticateToken(token)).toMatchObject({ userId: owner.id, tokenId: row.id, user: { id: owner.id } });
    expect(await db.auditEvent.count()).toBe(events);
  });

  it("lets an admin (no owner filter) revoke anyone's token", async () => {
    const owner = await createTestUser();
    const admin = await createTestUser({ appRole: "admin" });
    const { token, row } = await createToken(testContext(owner.id), owner.id, { name: "theirs" });
    await revokeToken(testContext(admin.id), { tokenId: row.id }, null);
    expect(await authenticateToken(token)).toBeNull();
    expect((await tokenEvents(row.id)).at(-1)).toMatchObject({ type: "token.revoked", actor: { id: admin.id } });
  });
});
