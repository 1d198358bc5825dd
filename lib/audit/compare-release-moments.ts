import "server-only";
import { type ReconstructedItem, type ReconstructedSignoff, type ReleaseAsOf, releaseAsOf } from "./release-history";

/**
 * Two moments of a release's history side by side, both reconstructed from
 * its audit chain alone: the items whose state differs (status, reason, note,
 * evidence, assignee) and the signatures that appeared or changed status.
 */

export type ItemDifference = { key: string; from: ReconstructedItem; to: ReconstructedItem };
export type SignoffPresence = ReconstructedSignoff["status"] | "absent";
export type SignoffDifference = {
  role: string;
  printedName: string;
  meaning: string;
  signedAt: string;
  contentHash: string;
  from: SignoffPresence;
  to: SignoffPresence;
  reason?: string;
};
export type ReleaseComparison = {
  from: ReleaseAsOf;
  to: ReleaseAsOf;
  items: ItemDifference[];
  signoffs: SignoffDifference[];
};

const sameState = (a: ReconstructedItem, b: ReconstructedItem) =>
  a.status === b.status &&
  a.reason === b.reason &&
  a.note === b.note &&
  a.assignee === b.assignee &&
  a.evidenceLinks.length === b.evidenceLinks.length &&
  a.evidenceLinks.every((link, index) => link === b.evidenceLinks[index]);

const signoffKey = (signoff: ReconstructedSignoff) => `${signoff.role}\n${signoff.signedAt}\n${signoff.contentHash}`;

export async function compareReleaseMoments(releaseId: string, fromSeq: number, toSeq: number, itemKeys: string[]): Promise<ReleaseComparison> {
  const [from, to] = await Promise.all([releaseAsOf(releaseId, fromSeq, itemKeys), releaseAsOf(releaseId, toSeq, itemKeys)]);
  const keys = [...new Set([...itemKeys, ...Object.keys(from.items), ...Object.keys(to.items)])];
  const open: ReconstructedItem = { status: "open", reason: null, note: null, evidenceLinks: [], assignee: null, by: null, at: null };
  const items = keys.flatMap((key) => {
    const before = from.items[key] ?? open;
    const after = to.items[key] ?? open;
    return sameState(before, after) ? [] : [{ key, from: before, to: after }];
  });

  const earlier = new Map(from.signoffs.map((signoff) => [signoffKey(signoff), signoff]));
  const later = new Map(to.signoffs.map((signoff) => [signoffKey(signoff), signoff]));
  const signoffs: SignoffDifference[] = [];
  for (const key of new Set([...earlier.keys(), ...later.keys()])) {
    const before = earlier.get(key);
    const after = later.get(key);
    const fromStatus = before?.status ?? "absent";
    const toStatus = after?.status ?? "absent";
    if (fromStatus === toStatus) continue;
    const signoff = (after ?? before)!;
    const reason = after?.reason ?? before?.reason;
    signoffs.push({
      role: signoff.role,
      printedName: signoff.printedName,
      meaning: signoff.meaning,
      signedAt: signoff.signedAt,
      contentHash: signoff.contentHash,
      from: fromStatus,
      to: toStatus,
      ...(reason ? { reason } : {}),
    });
  }
  signoffs.sort((a, b) => a.signedAt.localeCompare(b.signedAt));
  return { from, to, items, signoffs };
}
