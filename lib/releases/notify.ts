import { sqlQuery } from "../db/sql";
import { firstLine, logger } from "../observability/logger";

/** The PostgreSQL channel that carries release changes to every app instance. */
export const RELEASE_CHANNEL = "countersign_releases";

export type ReleaseChange = { releaseId: string; kind: "item" | "release" | "signoff"; itemKey?: string };

/**
 * Announces a committed change. Sent after the transaction, not inside it:
 * NOTIFY in a write transaction takes a global lock at commit and would
 * serialise every writer (docs/decisions/007). A lost notification only
 * delays a browser until its next reconnect, which re-reads the release.
 */
export async function publishReleaseChange(change: ReleaseChange): Promise<void> {
  try {
    await sqlQuery(`SELECT pg_notify($1, $2)`, [RELEASE_CHANNEL, JSON.stringify(change)]);
  } catch (error) {
    logger.warn({ releaseId: change.releaseId, error: firstLine(error) }, "live update notify failed");
  }
}
