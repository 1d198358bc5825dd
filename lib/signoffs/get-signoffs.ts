import "server-only";
import { db, type Tx } from "../db/client";
import { AppError } from "../errors/app-error";
import { contentHash } from "./coverage";
import { lockRelease } from "./sign-off";

export type SignoffView = {
  id: string;
  role: string;
  signerId: string;
  printedName: string;
  meaning: string;
  signedAt: string;
  contentHash: string;
  auditSeq: number;
  auditHash: string;
  status: "active" | "stale" | "revoked";
  staleReason: string | null;
  revokeReason: string | null;
};

/** Every signature of a release, newest first (the panel shows the newest per role). */
export async function listSignoffs(releaseId: string): Promise<SignoffView[]> {
  const rows = await db.signoff.findMany({ where: { releaseId }, orderBy: { signedAt: "desc" } });
  return rows.map((row) => ({
    id: row.id,
    role: row.role,
    signerId: row.signerId,
    printedName: row.printedName,
    meaning: row.meaning,
    signedAt: row.signedAt.toISOString(),
    contentHash: row.contentHash,
    auditSeq: row.auditSeq,
    auditHash: row.auditHash,
    status: row.status,
    staleReason: row.staleReason,
    revokeReason: row.revokeReason,
  }));
}

/**
 * Recomputes a signature's hash from the release it is attached to and the
 * items it covered, as they are now. A live signature always matches; a
 * stale one (content changed) or one copied to another release does not.
 */
export async function verifySignoff(signoffId: string, tx: Tx = db): Promise<{ matches: boolean; recomputed: string; stored: string }> {
  const signoff = await tx.signoff.findUnique({ where: { id: signoffId } });
  if (!signoff) throw new AppError("NOT_FOUND", "Sign-off not found.");
  const release = await lockRelease(tx, signoff.releaseId, false);
  const rows = await tx.itemState.findMany({
    where: { releaseId: release.id, itemKey: { in: signoff.coveredItems } },
    select: { itemKey: true, status: true, reason: true, note: true, evidenceLinks: true },
  });
  const recomputed = contentHash({
    release: { id: release.id, version: release.version, environment: release.environmentKey, templateVersionId: release.templateVersionId },
    role: signoff.role,
    items: rows.map((row) => ({ key: row.itemKey, status: row.status, reason: row.reason, note: row.note, evidenceLinks: row.evidenceLinks })),
  });
  return { matches: recomputed === signoff.contentHash && rows.length === signoff.coveredItems.length, recomputed, stored: signoff.contentHash };
}
