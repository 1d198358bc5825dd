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
  return db.$transaction(async (tx) => {
    const release = await lockRelease(tx, releaseId, false);
    const document = await loadTemplateDocument(release.templateVersionId);
    const facts = await readSigningFacts(tx, release, document, user.id);
    return Object.fromEntries(user.signoffRoles.map(({ name }) => [name, signingBlocker(facts, name)?.message ?? null]));
  });
}
