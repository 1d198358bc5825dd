import path from "node:path";
import type { Settings } from "../config/settings";
import { type EmbeddedCluster, loadOrCreateSecrets, startEmbedded } from "./embedded";
import { provisionDatabase } from "./provision";

export const EMBEDDED_DATABASE = "countersign";

export type ResolvedDatabase = {
  appUrl: string;
  ownerUrl: string;
  /** Set when the embedded cluster is in use. */
  embedded?: EmbeddedCluster;
  authSecret?: string;
};

/**
 * Where the app's data lives: DATABASE_URL when set (nothing is started),
 * else the embedded PostgreSQL in <COUNTERSIGN_DATA_DIR>/pg, started or
 * attached to, with its roles and database provisioned.
 */
export async function resolveDatabase(settings: Settings, log: (line: string) => void = () => undefined): Promise<ResolvedDatabase> {
  if (settings.DATABASE_URL) {
    return { appUrl: settings.DATABASE_URL, ownerUrl: settings.DATABASE_OWNER_URL ?? settings.DATABASE_URL };
  }
  const dataDir = path.resolve(settings.COUNTERSIGN_DATA_DIR);
  const secrets = await loadOrCreateSecrets(dataDir);
  const embedded = await startEmbedded(dataDir, log);
  try {
    const urls = await provisionDatabase({
      superuserUrl: embedded.superuserUrl,
      database: EMBEDDED_DATABASE,
      ownerPassword: secrets.ownerPassword,
      appPassword: secrets.appPassword,
    });
    return { ...urls, embedded, authSecret: secrets.authSecret };
  } catch (error) {
    if (embedded.owned) await embedded.stop();
    throw error;
  }
}
