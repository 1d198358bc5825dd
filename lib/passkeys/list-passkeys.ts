import "server-only";
import { db } from "../db/client";
import { ALGORITHM_NAMES, isPasskeyAlgorithm } from "./public-key";

export type PasskeyView = { id: string; name: string; fingerprint: string; algorithm: string; rpId: string; createdAt: Date; lastUsedAt: Date | null };

/** The user's passkeys, newest first. */
export async function listPasskeys(userId: string): Promise<PasskeyView[]> {
  const rows = await db.passkey.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, fingerprint: true, algorithm: true, rpId: true, createdAt: true, lastUsedAt: true },
  });
  return rows.map((row) => ({ ...row, algorithm: isPasskeyAlgorithm(row.algorithm) ? ALGORITHM_NAMES[row.algorithm] : String(row.algorithm) }));
}
