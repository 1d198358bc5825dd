import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

/**
 * One audit event's hash: sha256 over the previous event's hash (hex), a
 * newline, and the canonical JSON of the event's content (everything but the
 * two hashes). The first event of a chain links to GENESIS_HASH.
 * docs/decisions/005-audit-trail.md spells out the procedure.
 */
export const GENESIS_HASH = "0".repeat(64);

export type EventContent = {
  chain: string;
  seq: number;
  type: string;
  occurredAt: string;
  actor: unknown;
  subject: unknown;
  data: unknown;
  origin: unknown;
};

export function contentOf(row: EventContent): EventContent {
  return {
    chain: row.chain,
    seq: row.seq,
    type: row.type,
    occurredAt: row.occurredAt,
    actor: row.actor,
    subject: row.subject,
    data: row.data,
    origin: row.origin,
  };
}

export function hashEvent(prevHash: string, content: EventContent): string {
  return createHash("sha256").update(`${prevHash}\n${canonicalJson(contentOf(content))}`).digest("hex");
}
