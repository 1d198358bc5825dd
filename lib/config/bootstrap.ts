import { readSettings, SettingsError, type Settings } from "./settings";
import { resolveDatabase, type ResolvedDatabase } from "../db/resolve-database";
import { redactUrl } from "../db/pg-url";
import { isDatabaseUnavailable } from "../errors/app-error";
import { applyMigrations, MigrationError, type MigrationReport } from "../db/migrate";
import { createDb, setDb } from "../db/client";
import { loadOrCreateSecrets } from "../db/embedded";
import path from "node:path";

/**
 * Shared start-up for `npm start` and the CLI: read settings, find or start
 * the database, apply migrations, connect the app's client as the runtime
 * role. Failures become one-line messages (StartupError), never stack traces.
 */

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

export type Runtime = { settings: Settings; database: ResolvedDatabase; migrations?: MigrationReport };

export function loadSettings(env = process.env): Settings {
  try {
    const settings = readSettings(env);
    if (env.NODE_ENV === "production" && !settings.AUTH_SECRET) {
      throw new SettingsError("AUTH_SECRET is required when NODE_ENV=production; expects at least 32 random characters (openssl rand -base64 32)");
    }
    if (settings.DATABASE_OWNER_URL && !settings.DATABASE_URL) {
      throw new SettingsError("DATABASE_OWNER_URL is set without DATABASE_URL; set both, or neither to use the embedded database");
    }
    return settings;
  } catch (error) {
    if (error instanceof SettingsError) throw new StartupError(`Configuration error: ${error.message}`);
    throw error;
  }
}

export async function connectDatabase(
  settings: Settings,
  options: { migrate: boolean; log?: (line: string) => void },
): Promise<Runtime> {
  let database: ResolvedDatabase;
  try {
    database = await resolveDatabase(settings, options.log);
  } catch (error) {
    throw new StartupError(describeDatabaseError(error, settings.DATABASE_URL));
  }
  try {
    const migrations = options.migrate ? await applyMigrations(database.ownerUrl) : undefined;
    setDb(createDb(database.appUrl, settings.DATABASE_POOL_MAX));
    return { settings, database, migrations };
  } catch (error) {
    if (database.embedded?.owned) await database.embedded.stop();
    if (error instanceof MigrationError) throw new StartupError(error.message);
    throw new StartupError(describeDatabaseError(error, settings.DATABASE_URL));
  }
}

export function describeDatabaseError(error: unknown, url?: string): string {
  const where = url ? `the database at ${redactUrl(url)}` : "the embedded database";
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  if (isDatabaseUnavailable(error)) return `Cannot reach ${where}: ${reason}. Check that PostgreSQL is running and DATABASE_URL is right.`;
  return `Database error with ${where}: ${reason}`;
}

/**
 * The key Auth.js signs sessions with: AUTH_SECRET when set; else the one
 * generated once and kept in COUNTERSIGN_DATA_DIR/secrets.json (mode 0600),
 * with the embedded database or with DATABASE_URL alike, so a new install
 * never runs without one (Auth.js would refuse every sign-in). Production
 * requires AUTH_SECRET (loadSettings). When no secret can be kept, start-up
 * stops with one line naming AUTH_SECRET.
 */
export async function resolveAuthSecret(settings: Settings, database: Pick<ResolvedDatabase, "authSecret">): Promise<string> {
  if (settings.AUTH_SECRET) return settings.AUTH_SECRET;
  if (database.authSecret) return database.authSecret;
  const dataDir = path.resolve(settings.COUNTERSIGN_DATA_DIR);
  try {
    return (await loadOrCreateSecrets(dataDir)).authSecret;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new StartupError(`Configuration error: AUTH_SECRET is not set and a generated one cannot be kept in ${dataDir} (${reason}); set AUTH_SECRET to at least 32 random characters (openssl rand -base64 32) or make COUNTERSIGN_DATA_DIR writable`);
  }
}
