import pg from "pg";
import { withCredentials, withDatabase } from "./pg-url";

/**
 * Creates the two database roles and the database on a server where we hold
 * a superuser connection (the embedded cluster, or a test server):
 *   countersign_owner   owns the schema; migrations run as it.
 *   countersign_app     the app's LOGIN role, a member of countersign_runtime,
 *                       which holds only the data privileges migrations grant.
 * For an external server, docs/operations.md lists the same statements.
 */

export const OWNER_ROLE = "countersign_owner";
export const APP_ROLE = "countersign_app";
export const RUNTIME_GROUP = "countersign_runtime";

export type ProvisionInput = {
  superuserUrl: string;
  database: string;
  ownerPassword: string;
  appPassword: string;
};

export type DatabaseUrls = { ownerUrl: string; appUrl: string };

async function ensureRole(client: pg.Client, sql: string): Promise<void> {
  try {
    await client.query(sql);
  } catch (error) {
    // Two provisioners racing on one cluster: the other one created it.
    if ((error as { code?: string }).code !== "42710" && (error as { code?: string }).code !== "23505") throw error;
  }
}

export async function provisionDatabase(input: ProvisionInput): Promise<DatabaseUrls> {
  const client = new pg.Client({ connectionString: withDatabase(input.superuserUrl, "postgres") });
  await client.connect();
  try {
    const roles = await client.query<{ rolname: string }>(
      "SELECT rolname FROM pg_roles WHERE rolname = ANY($1)",
      [[OWNER_ROLE, APP_ROLE, RUNTIME_GROUP]],
    );
    const present = new Set(roles.rows.map((row) => row.rolname));
    if (!present.has(RUNTIME_GROUP)) await ensureRole(client, `CREATE ROLE ${RUNTIME_GROUP} NOLOGIN`);
    if (!present.has(OWNER_ROLE)) await ensureRole(client, `CREATE ROLE ${OWNER_ROLE} LOGIN`);
    if (!present.has(APP_ROLE)) await ensureRole(client, `CREATE ROLE ${APP_ROLE} LOGIN IN ROLE ${RUNTIME_GROUP}`);
    await client.query(`ALTER ROLE ${OWNER_ROLE} WITH LOGIN PASSWORD ${client.escapeLiteral(input.ownerPassword)}`);
    await client.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD ${client.escapeLiteral(input.appPassword)}`);
    await client.query(`GRANT ${RUNTIME_GROUP} TO ${APP_ROLE}`);

    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [input.database]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(input.database)} OWNER ${OWNER_ROLE} TEMPLATE template0 ENCODING 'UTF8'`);
    }
  } finally {
    await client.end();
  }
  const base = withDatabase(input.superuserUrl, input.database);
  return {
    ownerUrl: withCredentials(base, OWNER_ROLE, input.ownerPassword),
    appUrl: withCredentials(base, APP_ROLE, input.appPassword),
  };
}

export async function dropDatabase(superuserUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(superuserUrl, "postgres") });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
