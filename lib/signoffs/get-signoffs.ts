import "server-only";
import { db, type Tx } from "../db/client";
import { AppError } from "../errors/app-error";
import { contentHash } from "./coverage";
import { ALGORITHM_NAMES, isPasskeyAlgorithm } from "../passkeys/public-key";

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
  /** The signer had ticked an item the role covers, which the environment allowed (docs/decisions/023). */
  signedOwnWork: boolean;
  /** Signed with the signer's passkey: its key's fingerprint (sha256 of the SPKI DER) and algorithm; null: confirmed with the password (docs/decisions/024). */
  passkey: { fingerprint: string; algorithm: string } | null;
  /** How it was confirmed: password, passkey or oidc (a fresh company sign-in); null for sign-offs made before issue 13. */
  confirmedWith: string | null;
};

/** Every signature of a release, newest first (a role with a quorum may have several live ones, one per signer). */
export async function listSignoffs(releaseId: string): Promise<SignoffView[]> {
  const rows = await db.signoff.findMany({
    where: { releaseId },
    orderBy: { signedAt: "desc" },
    include: { passkeySignature: { select: { fingerprint: true, algorithm: true } } },
  });
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
    signedOwnWork: row.signedOwnWork,
    confirmedWith: row.confirmedWith,
    passkey: row.passkeySignature
      ? { fingerprint: row.passkeySignature.fingerprint, algorithm: isPasskeyAlgorithm(row.passkeySignature.algorithm) ? ALGORITHM_NAMES[row.passkeySignature.algorithm] : String(row.passkeySignature.algorithm) }
      : null,
  }));
}

/**
 * Recomputes a signature's hash from the release it is attached to and the
 * items it covered, as they are now. A live signature always matches; a
 * stale one (content changed) or one copied to another release does not.
 */
export async function verifySignoff(signoffId: string, tx: Tx = db): Promise<{ matches: boolean; recomputed: string; stored: string }> {
  // Only the columns the hash needs: the upgrade test verifies signatures in the schema before later columns existed.
  const signoff = await tx.signoff.findUnique({ where: { id: signoffId }, select: { releaseId: true, role: true, contentHash: true, coveredItems: true } });
  if (!signoff) throw new AppError("NOT_FOUND", "Sign-off not found.");
  // What the hash binds, and no more: this also runs on a database of the previous schema (the upgrade test).
  const release = await tx.release.findUniqueOrThrow({
    where: { id: signoff.releaseId },
    select: { id: true, version: true, templateVersionId: true, environment: { select: { key: true } } },
  });
  const rows = await tx.itemState.findMany({
    where: { releaseId: release.id, itemKey: { in: signoff.coveredItems } },
    select: { itemKey: true, status: true, reason: true, note: true, evidenceLinks: true },
  });
  const recomputed = contentHash({
    release: { id: release.id, version: release.version, environment: release.environment.key, templateVersionId: release.templateVersionId },
    role: signoff.role,
    items: rows.map((row) => ({ key: row.itemKey, status: row.status, reason: row.reason, note: row.note, evidenceLinks: row.evidenceLinks })),
  });
  return { matches: recomputed === signoff.contentHash && rows.length === signoff.coveredItems.length, recomputed, stored: signoff.contentHash };
}
