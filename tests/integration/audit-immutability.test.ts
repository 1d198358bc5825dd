import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent } from "../../lib/audit/append-event";
import { db } from "../../lib/db/client";
import { connect, superuserUrlOf } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { testContext } from "../support/users";

const context = setupTestDatabase();

const STATEMENTS = {
  UPDATE: "UPDATE audit_events SET type = 'tampered' WHERE seq = 1",
  DELETE: "DELETE FROM audit_events WHERE seq = 2",
  TRUNCATE: "TRUNCATE audit_events",
} as const;

/** The error a statement fails with (it must fail), rolled back so the session stays usable. */
async function failureOf(client: pg.Client, sql: string): Promise<{ code?: string; message: string }> {
  await client.query("BEGIN");
  try {
    await client.query(sql);
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  } finally {
    await client.query("ROLLBACK");
  }
  throw new Error(`expected "${sql}" to fail, but it succeeded`);
}

type Snapshot = { seq: number; type: string; hash: string }[];

async function snapshot(): Promise<Snapshot> {
  const rows = await db.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true, type: true, hash: true } });
  return rows;
}

let before: Snapshot;

beforeAll(async () => {
  // Row triggers fire only on rows that match: put a few events in.
  for (let index = 0; index < 3; index += 1) {
    await db.$transaction((tx) =>
      appendAuditEvent(tx, testContext(), { type: "auth.sign_in_failed", subject: { kind: "account", id: `a${index}`, label: `a${index}` }, data: { email: `a${index}@example.test`, reason: "wrong_credentials" } }),
    );
  }
  before = await snapshot();
  expect(before).toHaveLength(3);
});

describe("the runtime role", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await connect(context.database.appUrl);
  });
  afterAll(async () => {
    await client?.end();
  });

  for (const [operation, sql] of Object.entries(STATEMENTS)) {
    it(`is refused ${operation} by privileges ("permission denied")`, async () => {
      const error = await failureOf(client, sql);
      expect(error.code).toBe("42501");
      expect(error.message).toMatch(/^permission denied for table audit_events/);
    });
  }

  it("is refused UPDATE and DELETE through the application's Prisma client too", async () => {
    await expect(db.$executeRawUnsafe(STATEMENTS.UPDATE)).rejects.toThrow(/permission denied/);
    await expect(db.$executeRawUnsafe(STATEMENTS.DELETE)).rejects.toThrow(/permission denied/);
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow(/permission denied/);
  });

  it("cannot disable the triggers or drop the table", async () => {
    expect((await failureOf(client, "ALTER TABLE audit_events DISABLE TRIGGER ALL")).message).toMatch(/must be owner/);
    expect((await failureOf(client, "DROP TABLE audit_events")).message).toMatch(/must be owner/);
  });

  it("may read and append", async () => {
    const { rows } = await client.query<{ count: string }>("SELECT count(*) FROM audit_events");
    expect(Number(rows[0]?.count)).toBeGreaterThanOrEqual(3);
    await client.query("BEGIN");
    try {
      await client.query(
        `INSERT INTO audit_events (chain, seq, type, occurred_at, actor, subject, data, origin, prev_hash, hash)
         VALUES ('probe', 1, 'probe', now(), '{}', '{}', '{}', '{}', repeat('0', 64), repeat('a', 64))`,
      );
    } finally {
      await client.query("ROLLBACK");
    }
  });
});

describe("the owner role", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await connect(context.database.ownerUrl);
  });
  afterAll(async () => {
    await client?.end();
  });

  for (const [operation, sql] of Object.entries(STATEMENTS)) {
    it(`is refused ${operation} by the trigger ("append-only")`, async () => {
      const error = await failureOf(client, sql);
      expect(error.message).toBe(`audit_events is append-only: ${operation} refused`);
    });
  }
});

describe("the superuser in replica mode", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await connect(superuserUrlOf(context.database));
    const { rows } = await client.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
    expect(rows[0]?.rolsuper).toBe(true);
    await client.query("SET session_replication_role = replica");
    const mode = await client.query<{ session_replication_role: string }>("SHOW session_replication_role");
    expect(mode.rows[0]?.session_replication_role).toBe("replica");
  });
  afterAll(async () => {
    await client?.end();
  });

  for (const [operation, sql] of Object.entries(STATEMENTS)) {
    it(`is still refused ${operation} (the triggers are ENABLE ALWAYS)`, async () => {
      const error = await failureOf(client, sql);
      expect(error.message).toBe(`audit_events is append-only: ${operation} refused`);
    });
  }

  it("finds both triggers enabled ALWAYS in pg_trigger", async () => {
    const { rows } = await client.query<{ tgname: string; tgenabled: string }>(
      "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal ORDER BY tgname",
    );
    expect(rows).toEqual([
      { tgname: "audit_events_no_truncate", tgenabled: "A" },
      { tgname: "audit_events_no_update_delete", tgenabled: "A" },
    ]);
  });
});

it("leaves the trail exactly as it was, whatever was attempted", async () => {
  expect(await snapshot()).toEqual(before);
});
