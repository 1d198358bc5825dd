import "server-only";
import { db, Prisma } from "../db/client";
import { GLOBAL_CHAIN, releaseChain } from "../audit/append-event";
import { assertionProblem } from "../passkeys/check-assertion";
import { spkiFingerprint } from "../passkeys/public-key";
import { signingChallengeBase64url } from "./passkey-challenge";

/**
 * Checks every passkey signature (docs/decisions/024), or those of one
 * release, the way the standalone verifier does (lib/audit/bundle/verify.py),
 * plus what only the database knows (the key's registration):
 *  1. the sign-off's `signoff.signed` event, on the release's chain, says it
 *     was signed with a passkey, by the signer, with this key (its
 *     fingerprint): a swapped key is caught here;
 *  2. the signed statement recomputed from the sign-off's row (release, role,
 *     meaning, content hash, audit head) gives the challenge the assertion
 *     signed; the origin, relying party, user presence and verification hold;
 *     the signature verifies with the key over authenticatorData ||
 *     sha256(clientDataJSON): an edited row, or an assertion copied from
 *     another sign-off, is caught here;
 *  3. the row says what its event says (role, meaning, content hash, audit head);
 *  4. the signer registered that key (a `passkey.registered` event on the global chain);
 *  5. every event that says "signed with a passkey" has its stored assertion.
 * The first failure is reported, naming the sign-off.
 */

export type PasskeySignatureBreak = { signoffId: string; chain: string; seq: number; detail: string };
export type PasskeySignatureReport = { checked: number; break?: PasskeySignatureBreak };

type Row = {
  signoff_id: string;
  release_id: string;
  role: string;
  printed_name: string;
  signer_id: string;
  meaning: string;
  content_hash: string;
  audit_seq: number;
  audit_hash: string;
  credential_id: string;
  algorithm: number;
  public_key_spki: Uint8Array;
  authenticator_data: Uint8Array;
  client_data_json: Uint8Array;
  signature: Uint8Array;
  origin: string;
  rp_id: string;
};

type SignedEvent = {
  chain: string;
  seq: number;
  actor_id: string | null;
  method: string | null;
  key_fingerprint: string | null;
  credential_id: string | null;
  signoff_id: string;
  role: string;
  meaning: string;
  content_hash: string;
  head_seq: number;
  head_hash: string;
};

export async function verifyPasskeySignatures(options: { releaseId?: string } = {}): Promise<PasskeySignatureReport> {
  const releaseId = options.releaseId ?? null;
  // A database of the schema before passkeys (the upgrade test verifies one) has no such table, and no such signatures.
  const [table] = await db.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('signoff_passkey_signatures') IS NOT NULL AS present`;
  const rows = !table?.present ? [] : await db.$queryRaw<Row[]>`
    SELECT p.signoff_id::text, s.release_id::text, s.role, s.printed_name, s.signer_id::text, s.meaning, s.content_hash, s.audit_seq, s.audit_hash,
           p.credential_id, p.algorithm, p.public_key_spki, p.authenticator_data, p.client_data_json, p.signature, p.origin, p.rp_id
    FROM signoff_passkey_signatures p JOIN signoffs s ON s.id = p.signoff_id
    ${releaseId === null ? Prisma.empty : Prisma.sql`WHERE s.release_id = ${releaseId}::uuid`}
    ORDER BY s.signed_at, p.signoff_id`;
  // The events of signatures that name their sign-off (issue 13 on); older ones were all password confirmations.
  const events = await db.$queryRaw<SignedEvent[]>`
    SELECT chain, seq, actor ->> 'id' AS actor_id, actor -> 'authentication' ->> 'method' AS method,
           actor -> 'authentication' ->> 'keyFingerprint' AS key_fingerprint, actor -> 'authentication' ->> 'credentialId' AS credential_id,
           data -> 'after' ->> 'signoffId' AS signoff_id, data -> 'after' ->> 'role' AS role, data -> 'after' ->> 'meaning' AS meaning,
           data -> 'after' ->> 'contentHash' AS content_hash, (data -> 'after' -> 'auditHead' ->> 'seq')::int AS head_seq,
           data -> 'after' -> 'auditHead' ->> 'hash' AS head_hash
    FROM audit_events
    WHERE type = 'signoff.signed' AND data -> 'after' ? 'signoffId' ${releaseId === null ? Prisma.empty : Prisma.sql`AND chain = ${releaseChain(releaseId)}`}`;
  const registered = await db.$queryRaw<{ user_id: string; fingerprint: string }[]>`
    SELECT DISTINCT subject ->> 'id' AS user_id, data -> 'after' ->> 'fingerprint' AS fingerprint
    FROM audit_events WHERE chain = ${GLOBAL_CHAIN} AND type = 'passkey.registered'`;
  const eventOf = new Map(events.map((event) => [event.signoff_id, event]));
  const registrations = new Set(registered.map((entry) => `${entry.user_id} ${entry.fingerprint}`));
  const stored = new Set(rows.map((row) => row.signoff_id));

  for (const row of rows) {
    const chain = releaseChain(row.release_id);
    const name = `sign-off ${row.signoff_id} (${row.role}, ${row.printed_name})`;
    const broken = (seq: number, detail: string): PasskeySignatureReport => ({ checked: rows.length, break: { signoffId: row.signoff_id, chain, seq, detail: `${name}: ${detail}` } });
    const event = eventOf.get(row.signoff_id);
    if (!event || event.chain !== chain) return broken(0, "no signoff.signed event of its release records it: the sign-off was not made by Countersign");
    if (event.method !== "passkey") return broken(event.seq, `its event says it was confirmed with ${event.method ?? "an unknown method"}, not a passkey: the signature was added later`);
    if (event.actor_id !== row.signer_id) return broken(event.seq, "its event was made by someone else than its signer");
    const fingerprint = spkiFingerprint(row.public_key_spki);
    if (event.key_fingerprint !== fingerprint || event.credential_id !== row.credential_id) {
      return broken(event.seq, `its public key (fingerprint ${fingerprint}) is not the one recorded when it was signed (${event.key_fingerprint}): the key was swapped`);
    }
    const challenge = signingChallengeBase64url({
      releaseId: row.release_id,
      role: row.role,
      meaning: row.meaning,
      contentHash: row.content_hash,
      auditHead: { seq: row.audit_seq, hash: row.audit_hash },
    });
    const problem = assertionProblem(
      { authenticatorData: row.authenticator_data, clientDataJSON: row.client_data_json, signature: row.signature, algorithm: row.algorithm, spki: row.public_key_spki },
      { challenge, origin: row.origin, rpId: row.rp_id },
    );
    if (problem?.code === "challenge") {
      return broken(event.seq, "the passkey did not sign this sign-off's release, role, meaning, content hash and audit head: the sign-off was changed after signing, or its signature was copied from another");
    }
    if (problem) return broken(event.seq, `the passkey signature does not check out: ${problem.detail}`);
    const differs = [
      event.role !== row.role && "role",
      event.meaning !== row.meaning && "meaning",
      event.content_hash !== row.content_hash && "content hash",
      (event.head_seq !== row.audit_seq || event.head_hash !== row.audit_hash) && "audit head",
    ].filter(Boolean);
    if (differs.length) return broken(event.seq, `its ${differs.join(", ")} differ from what its signoff.signed event recorded`);
    if (!registrations.has(`${row.signer_id} ${fingerprint}`)) {
      return broken(event.seq, `its key (fingerprint ${fingerprint}) was never registered by its signer (no passkey.registered event)`);
    }
  }
  for (const event of events) {
    if (event.method === "passkey" && !stored.has(event.signoff_id)) {
      return {
        checked: rows.length,
        break: { signoffId: event.signoff_id, chain: event.chain, seq: event.seq, detail: `sign-off ${event.signoff_id} (${event.role}): its event says it was signed with a passkey, but its signature is missing` },
      };
    }
  }
  return { checked: rows.length };
}
