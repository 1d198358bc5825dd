import "server-only";
import { db } from "../db/client";
import { loadTemplateDocument } from "../templates/load-template-document";
import { signingBlocker } from "./can-sign";
import { lockRelease, readSigningFacts } from "./sign-off";
import { signoffRolesIn } from "../auth/session-user";

/**
 * For each role the user holds: null when signing it can succeed now, else
 * the reason it cannot (the same rule the signing itself applies). The
 * release page disables the sign button with this reason.
 */
export async function getSigningReadiness(releaseId: string, user: { id: string; signoffRoles: { name: string; projectId: string }[] }): Promise<Record<string, string | null>> {
  if (user.signoffRoles.length === 0) return {};
  // Plain reads, no transaction: the page must not hold a pool connection for this (the signing re-reads under the row lock).
  const release = await lockRelease(db, releaseId, false);
  const held = signoffRolesIn(user, release.projectId);
  if (held.length === 0) return {};
  const document = await loadTemplateDocument(release.templateVersionId);
  const facts = await readSigningFacts(db, release, document, user.id);
  return Object.fromEntries(held.map((name) => [name, signingBlocker(facts, name)?.message ?? null]));
}
