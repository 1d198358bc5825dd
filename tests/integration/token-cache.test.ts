import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { listener } from "../../lib/db/listener";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { AUTH_CHANNEL, TOKEN_CACHE_TTL_MS } from "../../lib/tokens/token-cache";
import { authenticateToken, createToken, revokeToken } from "../../lib/tokens/tokens";
import { setUserDisabled } from "../../lib/users/set-user-disabled";
import { setUserRoles } from "../../lib/users/set-user-roles";
import { connect, superuserUrlOf } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { statementsDuring } from "../support/statements";
import { createTestUser, testContext } from "../support/users";

/**
 * The per-instance cache of API token lookups (ADR 019): a repeated lookup
 * costs no statement, one token never answers with another's user, and no
 * write (by this process, or by another one such as a second instance or the
 * CLI, seen here as a separate connection) leaves a stale answer behind.
 */
const context = setupTestDatabase();

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
});

/** Waits until this process LISTENs for auth changes (the cache trusts nothing before). */
async function untilListening(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!listener().isListening(AUTH_CHANNEL)) {
    if (Date.now() > deadline) throw new Error("the listener did not start listening");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A token whose lookup is in the cache: looked up once, then answered without a statement. */
async function cachedToken(overrides: Parameters<typeof createTestUser>[0] = {}) {
  const user = await createTestUser(overrides);
  const { token, row } = await createToken(testContext(user.id), user.id, { name: "cache" });
  await authenticateToken(token);
  await untilListening();
  await authenticateToken(token);
  expect(await statementsDuring(() => authenticateToken(token))).toEqual([]);
  return { user, token, tokenId: row.id };
}

/** Another process's write: its own connection as the app's role, committed. */
async function elsewhere(sql: string, values: unknown[]): Promise<void> {
  const client = await connect(context.database.appUrl);
  try {
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/** How long until `check` holds, polling every 2 ms; fails after the cache's TTL (the notification must beat it). */
async function msUntil(check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > TOKEN_CACHE_TTL_MS / 2) throw new Error("the change was not seen within half the cache's TTL");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const terminateListener = async () => {
  const client = await connect(superuserUrlOf(context.database));
  try {
    await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'`);
  } finally {
    await client.end();
  }
};

afterEach(async () => {
  await untilListening();
});

describe("API token lookups cache", () => {
  it("answers a repeated lookup from the cache, with no statement", async () => {
    const { user, token } = await cachedToken({ name: "Cached Caller" });
    const found = await authenticateToken(token);
    expect(found).toMatchObject({ userId: user.id, user: { id: user.id, name: "Cached Caller", email: user.email } });
  });

  it("never answers one token with another user's lookup", async () => {
    const first = await cachedToken({ name: "First Holder", appRole: "member" });
    const second = await cachedToken({ name: "Second Holder", appRole: "auditor" });
    for (let round = 0; round < 3; round++) {
      expect(await authenticateToken(first.token)).toMatchObject({ userId: first.user.id, tokenId: first.tokenId, user: { name: "First Holder", appRole: "member" } });
      expect(await authenticateToken(second.token)).toMatchObject({ userId: second.user.id, tokenId: second.tokenId, user: { name: "Second Holder", appRole: "auditor" } });
    }
    // A token differing in one character is another key: unknown, not the cached neighbour.
    const neighbour = `${first.token.slice(0, -1)}${first.token.endsWith("A") ? "B" : "A"}`;
    expect(await authenticateToken(neighbour)).toBeNull();
  });

  it("refuses a token at once after this process revokes it", async () => {
    const { user, token, tokenId } = await cachedToken();
    await revokeToken(testContext(user.id), { tokenId }, user.id);
    expect(await authenticateToken(token)).toBeNull();
  });

  it("answers with the new roles at once after this process changes them, and null once it disables the user", async () => {
    const admin = await createTestUser({ appRole: "admin" });
    const { user, token } = await cachedToken({ appRole: "member" });
    await setUserRoles(testContext(admin.id), { userId: user.id, appRole: "auditor", signoffRoles: ["qa-lead"] });
    expect(await authenticateToken(token)).toMatchObject({ user: { appRole: "auditor", signoffRoles: [{ key: "qa-lead" }] } });
    await setUserDisabled(testContext(admin.id), user.id, true);
    expect(await authenticateToken(token)).toBeNull();
  });

  it("refuses a token revoked by another process as soon as the database's notification arrives, long before the TTL", async () => {
    const { token, tokenId } = await cachedToken();
    await elsewhere(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1::uuid`, [tokenId]);
    const ms = await msUntil(async () => (await authenticateToken(token)) === null);
    expect(ms).toBeLessThan(1_000);
  });

  it("sees another process's role change, disable and sign-off role rename through the notification", async () => {
    const { user, token } = await cachedToken({ appRole: "member" });
    await elsewhere(`UPDATE users SET app_role = 'auditor' WHERE id = $1::uuid`, [user.id]);
    expect(await msUntil(async () => (await authenticateToken(token))?.user.appRole === "auditor")).toBeLessThan(1_000);

    await elsewhere(`INSERT INTO user_signoff_roles (project_id, user_id, role_id) SELECT '00000000-0000-4000-8000-0000000000d1'::uuid, $1::uuid, id FROM signoff_roles WHERE key = 'qa-lead'`, [user.id]);
    const withRole = async () => (await authenticateToken(token))?.user.signoffRoles.map((role) => role.key).includes("qa-lead") === true;
    expect(await msUntil(withRole)).toBeLessThan(1_000);

    const name = `QA Lead ${Date.now()}`;
    const renamed = await connect(superuserUrlOf(context.database));
    try {
      const [role] = (await renamed.query<{ name: string }>(`SELECT name FROM signoff_roles WHERE key = 'qa-lead'`)).rows;
      await renamed.query(`UPDATE signoff_roles SET name = $1 WHERE key = 'qa-lead'`, [name]);
      expect(await msUntil(async () => (await authenticateToken(token))?.user.signoffRoles.some((entry) => entry.name === name) === true)).toBeLessThan(1_000);
      await renamed.query(`UPDATE signoff_roles SET name = $1 WHERE key = 'qa-lead'`, [role!.name]);
    } finally {
      await renamed.end();
    }

    await elsewhere(`UPDATE users SET disabled_at = now() WHERE id = $1::uuid`, [user.id]);
    expect(await msUntil(async () => (await authenticateToken(token)) === null)).toBeLessThan(1_000);
  });

  it("keeps serving after a change that rolled back (nothing was announced)", async () => {
    const { token, tokenId } = await cachedToken();
    const client = await connect(context.database.appUrl);
    try {
      await client.query("BEGIN");
      await client.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1::uuid`, [tokenId]);
      await client.query("ROLLBACK");
    } finally {
      await client.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await statementsDuring(async () => expect(await authenticateToken(token)).not.toBeNull())).toEqual([]);
  });

  it("trusts nothing while it cannot hear changes: a revoke made while the listener is down is seen at once", async () => {
    const { token, tokenId } = await cachedToken();
    await terminateListener();
    const deadline = Date.now() + 5_000;
    while (listener().isListening(AUTH_CHANNEL)) {
      if (Date.now() > deadline) throw new Error("the listener did not notice it was cut off");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // The notification of this revoke reaches nobody; the cache must not answer from what it held.
    await elsewhere(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1::uuid`, [tokenId]);
    expect(await authenticateToken(token)).toBeNull();
  });
});
