import { sqlQuery } from "../db/sql";
import { firstLine, logger } from "../observability/logger";

/** The PostgreSQL channel that tells every app instance a user's inbox changed (payload: the user's id). */
export const INBOX_CHANNEL = "countersign_inbox";

/** After the commit, like release changes (docs/decisions/007): a lost one only delays a bell until its next reconnect. */
export async function publishInboxChange(userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  try {
    await sqlQuery(`SELECT pg_notify($1, id) FROM unnest($2::text[]) AS id`, [INBOX_CHANNEL, userIds]);
  } catch (error) {
    logger.warn({ error: firstLine(error) }, "inbox notify failed");
  }
}
