import pg from "pg";
import { runMigrations } from "graphile-worker";
import { jobLogger } from "./logger";

/**
 * The job queue's own schema ("graphile_worker", graphile-worker's tables and
 * functions), installed or upgraded by graphile-worker itself as the schema
 * owner, from the migration step (lib/db/migrate.ts), so the runtime role
 * never needs DDL. Then the runtime role gets what the worker and `add_job`
 * need: the queue's tables (not its migration history; a row-level security
 * policy where graphile-worker turned it on) and functions.
 * Idempotent and cheap when up to date. docs/decisions/025.
 */
export const JOB_SCHEMA = "graphile_worker";

const GRANTS = `
GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO countersign_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO countersign_runtime;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${JOB_SCHEMA}.migrations FROM countersign_runtime;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO countersign_runtime;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${JOB_SCHEMA} TO countersign_runtime;
DO $$
DECLARE t regclass;
BEGIN
  -- graphile-worker turns on row-level security for its private tables (only their owner may use them): a policy lets the runtime role in.
  FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = '${JOB_SCHEMA}' AND c.relkind = 'r' AND c.relrowsecurity LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t AND polname = 'countersign_runtime') THEN
      EXECUTE format('CREATE POLICY countersign_runtime ON %s FOR ALL TO countersign_runtime USING (true) WITH CHECK (true)', t);
    END IF;
  END LOOP;
END $$;
`;

export async function installJobQueue(ownerUrl: string, client: pg.ClientBase): Promise<void> {
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 1, connectionTimeoutMillis: 10_000 });
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  try {
    await runMigrations({ pgPool: pool, logger: jobLogger, schema: JOB_SCHEMA });
  } finally {
    await pool.end();
  }
  await client.query(GRANTS);
}
