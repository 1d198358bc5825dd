import "server-only";
import { db } from "../db/client";
import { ALGORITHM_NAMES, isPasskeyAlgorithm, spkiPem } from "../passkeys/public-key";

/**
 * The passkey signatures of a release's sign-offs as the evidence bundle
 * carries them (`passkey-signatures.json`, docs/decisions/024): for each, the
 * statement it signed as the sign-off row holds it, and the assertion with the
 * key it was made with (PEM), so lib/audit/bundle/verify.py can recompute the
 * challenge and check the signature with openssl, and compare the key with
 * the fingerprint the sign-off's event recorded.
 */
export type BundledPasskeySignature = {
  signoffId: string;
  releaseId: string;
  role: string;
  printedName: string;
  meaning: string;
  contentHash: string;
  auditHead: { seq: number; hash: string };
  signedAt: string;
  status: string;
  credentialId: string;
  algorithm: string;
  publicKey: string;
  authenticatorData: string;
  clientDataJSON: string;
  signature: string;
  origin: string;
  rpId: string;
};

export async function bundledPasskeySignatures(releaseId: string): Promise<BundledPasskeySignature[]> {
  const rows = await db.signoffPasskeySignature.findMany({
    where: { signoff: { releaseId } },
    include: { signoff: { select: { releaseId: true, role: true, printedName: true, meaning: true, contentHash: true, auditSeq: true, auditHash: true, signedAt: true, status: true } } },
    orderBy: { signoff: { signedAt: "asc" } },
  });
  return rows.map((row) => ({
    signoffId: row.signoffId,
    releaseId: row.signoff.releaseId,
    role: row.signoff.role,
    printedName: row.signoff.printedName,
    meaning: row.signoff.meaning,
    contentHash: row.signoff.contentHash,
    auditHead: { seq: row.signoff.auditSeq, hash: row.signoff.auditHash },
    signedAt: row.signoff.signedAt.toISOString(),
    status: row.signoff.status,
    credentialId: row.credentialId,
    algorithm: isPasskeyAlgorithm(row.algorithm) ? ALGORITHM_NAMES[row.algorithm] : String(row.algorithm),
    publicKey: spkiPem(row.publicKeySpki),
    authenticatorData: Buffer.from(row.authenticatorData).toString("base64url"),
    clientDataJSON: Buffer.from(row.clientDataJson).toString("base64url"),
    signature: Buffer.from(row.signature).toString("base64url"),
    origin: row.origin,
    rpId: row.rpId,
  }));
}
