import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/canonical-json";

/**
 * The WebAuthn challenge of a passkey signature is not random: it is derived
 * from exactly what is being signed (docs/decisions/024), so the assertion
 * itself says what the signer approved and cannot be moved to another
 * release, role, meaning, checklist state or moment:
 *
 *   challenge = sha256( UTF-8( JCS( {
 *     "auditHead": { "hash": <64 hex>, "seq": <integer> },
 *     "contentHash": <64 hex>,
 *     "meaning": <string, as stored>,
 *     "releaseId": <uuid, lower case>,
 *     "role": <sign-off role name>
 *   } ) ) )                                      -- 32 bytes
 *
 * JCS is RFC 8785 canonical JSON (lib/audit/canonical-json.ts): keys sorted,
 * no whitespace. `contentHash` is the sign-off's content hash and `auditHead`
 * the head of the release's audit chain just before the `signoff.signed`
 * event (both stored with the sign-off). The browser puts the challenge into
 * clientDataJSON as base64url without padding (43 characters).
 */
export type SignedStatement = {
  releaseId: string;
  role: string;
  meaning: string;
  contentHash: string;
  auditHead: { seq: number; hash: string };
};

/** The exact bytes whose sha256 is the challenge. */
export function signedStatementBytes(statement: SignedStatement): Buffer {
  return Buffer.from(
    canonicalJson({
      releaseId: statement.releaseId,
      role: statement.role,
      meaning: statement.meaning,
      contentHash: statement.contentHash,
      auditHead: { seq: statement.auditHead.seq, hash: statement.auditHead.hash },
    }),
    "utf8",
  );
}

export function signingChallenge(statement: SignedStatement): Buffer {
  return createHash("sha256").update(signedStatementBytes(statement)).digest();
}

/** The challenge as clientDataJSON carries it: base64url, no padding. */
export const signingChallengeBase64url = (statement: SignedStatement): string => signingChallenge(statement).toString("base64url");
