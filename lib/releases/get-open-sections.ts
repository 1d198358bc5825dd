import "server-only";
import { sqlQuery } from "../db/sql";
import type { OpenChoices } from "./open-sections";

/** What a user chose on a release's page (section key -> open); empty when they never opened or closed a section there. */
export async function getOpenSectionChoices(userId: string, releaseId: string): Promise<OpenChoices> {
  const [row] = await sqlQuery<{ openSections: unknown }>(
    `SELECT open_sections AS "openSections" FROM release_view_states WHERE user_id = $1::uuid AND release_id = $2::uuid`,
    [userId, releaseId],
  );
  const stored = row?.openSections;
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return {};
  return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, boolean] => typeof entry[1] === "boolean"));
}
