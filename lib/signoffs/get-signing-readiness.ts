import "server-only";
import { db } from "../db/client";
import { loadTemplateDocument } from "../templates/load-template-document";
import { signingBlocker } from "./can-sign";
import { lockRelease, readSigningFacts } from "./sign-off";

/**
 * For each role the user holds: null when signing it can succeed now, else
 * the reason it cannot (the same rule the signing itself applies). The
 * release page disables the sign button with this reason.
 */
export async function getSigningReadiness(releaseId: string, user: { id: string; signoffRoles: { name: string }[] }): Promise<Record<string, string | null>> {
  if (user.signoffRoles.length === 0) return {};
  // Plain reads, no transaction: the page must not hold a pool connection for this (the signing re-reads under the row lock).
  const release = await lockRelease(db, releaseId, false);
  const document = await loadTemplateDocument(release.templateVersionId);
  const facts = await readSigningFacts(db, release, document, user.id);
  return Object.fromEntries(user.signoffRoles.map(({ name }) => [name, signingBlocker(facts, name)?.message ?? null]));
}
