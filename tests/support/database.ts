import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, setDb, type Db } from "../../lib/db/client";
import { applyMigrations, MIGRATIONS_DIR } from "../../lib/db/migrate";
import { dropDatabase, provisionDatabase } from "../../lib/db/provision";
import { TEST_APP_PASSWORD, TEST_OWNER_PASSWORD } from "./test-roles";

export type TestDatabase = {
  name: string;
  superuserUrl: string;
  /** countersign_owner: owns the schema, runs migrations. */
  ownerUrl: string;
  /** countersign_app: the runtime role the application connects as. */
  appUrl: string;
  drop(): Promise<void>;
};

export function randomDatabaseName(): string {
  return `cs_test_${randomBytes(6).toString("hex")}`;
}

/**
 * A new, empty database on the test server, owned by countersign_owner;
 * migrated from `migrationsDir` unless `migrate` is false. The caller drops it.
 */
export async function createTestDatabase(
  options: { migrate?: boolean; migrationsDir?: string } = {},
): Promise<TestDatabase> {
  const superuserUrl = inject("superuserUrl");
  const name = randomDatabaseName();
  const urls = await provisionDatabase({
    superuserUrl,
    database: name,
    ownerPassword: TEST_OWNER_PASSWORD,
    appPassword: TEST_APP_PASSWORD,
  });
  const database: TestDatabase = { name, superuserUrl, ...urls, drop: () => dropDatabase(superuserUrl, name) };
  if (options.migrate !== false) {
    try {
      await applyMigrations(urls.ownerUrl, options.migrationsDir ?? MIGRATIONS_DIR);
    } catch (error) {
      await database.drop();
      throw error;
    }
  }
  return database;
}

export type TestDatabaseContext = { database: TestDatabase; db: Db };

/**
 * Gives the calling test file its own migrated database for its lifetime:
 * created in beforeAll, with the shared client (`db` from lib/db/client)
 * connected to it as the runtime role; disconnected and dropped in afterAll.
 * The returned object is filled in once beforeAll has run.
 */
export function setupTestDatabase(): TestDatabaseContext {
  const context = {} as Partial<TestDatabaseContext>;
  beforeAll(async () => {
    context.database = await createTestDatabase();
    context.db = createDb(context.database.appUrl, 4);
    setDb(context.db);
  });
  afterAll(async () => {
    await context.db?.$disconnect();
    await context.database?.drop();
  });
  return context as TestDatabaseContext;
}
