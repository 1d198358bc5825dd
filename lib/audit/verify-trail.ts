import { createPublicKey } from "node:crypto";
import { streamAuditRows } from "../db/stream-audit-rows";
import { GLOBAL_CHAIN } from "./append-event";
import { type Checkpoint, checkpointConfig, loadCheckpoints, loadSigningKey, publicKeyPem } from "./checkpoints";
import { keyHistory, loadRotations } from "./key-history";
import { type ChainBreak, type CheckpointHead, ChainVerifier } from "./verify-chain";
import { recordAuditVerification } from "../observability/metrics";
import { verifyPasskeySignatures } from "../signoffs/verify-passkey-signatures";

/**
 * Recomputes every hash of the trail (or of one chain) from the database,
 * compares chain heads with the signed checkpoints, checks every passkey
 * signature of a sign-off (docs/decisions/024), and reports "intact" or
 * the first break. Used by the CLI, the API and the auditor's button.
 */

export type VerifyReport = {
  status: "intact" | "broken";
  events: number;
  chains: number;
  heads: { chain: string; seq: number; hash: string }[];
  break?: ChainBreak;
  checkpoints: { count: number; newest?: string };
  /** Passkey signatures of sign-offs checked (absent when not asked for). */
  signatures?: { passkey: number };
  verifiedAt: string;
};

export class VerifyError extends Error {}

/** `publicKeyPem` is the first trusted key (the published one); rotations are followed from it. */
export type VerifyOptions = {
  chain?: string;
  checkpointDir?: string;
  publicKeyPem?: string;
  batchSize?: number;
  /** Check the passkey signatures of the sign-offs too (default); the bundle export checks only the chain it signs a checkpoint for. */
  signatures?: boolean;
};

/**
 * The keys checkpoints may be signed with: the first key (the caller's, else
 * the one the first rotation retires, else the signing key's public half) and
 * every key a valid rotation statement in `<dir>/rotations` hands over to.
 */
async function trustedKeys(options: VerifyOptions, dir: string): Promise<{ keys: string[]; problem?: string }> {
  const rotations = await loadRotations(dir);
  let current = "";
  try {
    current = publicKeyPem(await loadSigningKey(checkpointConfig().keyFile, false));
  } catch {
    // No signing key here (e.g. verifying a copied checkpoint directory): only a given or rotated-from key can be trusted.
  }
  if (options.publicKeyPem) {
    try {
      createPublicKey(options.publicKeyPem);
    } catch {
      throw new VerifyError("the given public key is not a PEM public key");
    }
  }
  const first = options.publicKeyPem || rotations[0]?.statement.previousKey || current;
  if (!first) return { keys: [] };
  const history = keyHistory(rotations, current, first);
  return { keys: history.keys.map((key) => key.publicKeyPem), problem: history.problem };
}

/** A whole-trail verification also sets the metrics' "last verification" (a single chain's does not). */
export async function verifyTrail(options: VerifyOptions = {}): Promise<VerifyReport> {
  const report = await verify(options).catch((error: unknown) => {
    if (!options.chain) recordAuditVerification(false);
    throw error;
  });
  if (!options.chain) recordAuditVerification(report.status === "intact");
  return report;
}

async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const dir = options.checkpointDir ?? checkpointConfig().dir;
  let checkpoints: Awaited<ReturnType<typeof loadCheckpoints>>;
  let keyProblem: string | undefined;
  try {
    const trusted = await trustedKeys(options, dir);
    keyProblem = trusted.problem;
    checkpoints = await loadCheckpoints(dir, trusted.keys);
  } catch (error) {
    if (error instanceof VerifyError) throw error;
    throw new VerifyError(`cannot read checkpoints in ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const headsByChain = new Map<string, CheckpointHead[]>();
  let forged: ChainBreak | undefined;
  for (const { file, checkpoint, valid } of checkpoints) {
    for (const [chain, head] of Object.entries((checkpoint as Checkpoint).heads)) {
      if (options.chain && chain !== options.chain) continue;
      if (!valid) {
        forged ??= { chain, seq: head.seq, kind: "rewritten", detail: `checkpoint ${file} has an invalid signature${keyProblem ? ` (${keyProblem})` : ""}` };
        continue;
      }
      const list = headsByChain.get(chain) ?? [];
      list.push({ seq: head.seq, hash: head.hash, checkpoint: file });
      headsByChain.set(chain, list);
    }
  }

  const report: VerifyReport = {
    status: "intact",
    events: 0,
    chains: 0,
    heads: [],
    checkpoints: { count: checkpoints.length, newest: checkpoints.at(-1)?.file },
    verifiedAt: new Date().toISOString(),
  };
  let verifier: ChainVerifier | undefined;
  const seen = new Set<string>();
  const close = () => {
    if (!verifier) return;
    const result = verifier.finish();
    report.events += result.events;
    report.chains += 1;
    if (result.head) report.heads.push({ chain: result.chain, ...result.head });
    if (result.break && !report.break) report.break = result.break;
  };
  try {
    // Batches, not an async iterator per event: a million awaits cost more than the checks.
    for await (const rows of streamAuditRows({ chain: options.chain, batchSize: options.batchSize ?? 5000 })) {
      for (const row of rows) {
        if (!verifier || verifier.chain !== row.chain) {
          close();
          verifier = new ChainVerifier(row.chain, headsByChain.get(row.chain));
          seen.add(row.chain);
        }
        verifier.push({
          chain: row.chain,
          seq: row.seq,
          type: row.type,
          occurredAt: row.occurred_at,
          actor: row.actor,
          subject: row.subject,
          data: row.data,
          origin: row.origin,
          prevHash: row.prev_hash,
          hash: row.hash,
        });
      }
    }
  } catch (error) {
    throw new VerifyError(`cannot read the audit trail: ${error instanceof Error ? error.message : String(error)}`);
  }
  close();
  // A chain a checkpoint knows but the database no longer has at all.
  for (const [chain, heads] of headsByChain) {
    if (seen.has(chain)) continue;
    const newest = heads.reduce((max, head) => (head.seq > max.seq ? head : max));
    report.break ??= { chain, seq: 1, kind: "truncated", detail: `checkpoint ${newest.checkpoint} has ${newest.seq} events; the chain has none` };
  }
  report.break ??= forged;
  if (options.signatures !== false && (!options.chain || options.chain.startsWith("release:"))) {
    const releaseId = options.chain?.slice("release:".length);
    const checked = await verifyPasskeySignatures(releaseId ? { releaseId } : {}).catch((error: unknown) => {
      throw new VerifyError(`cannot read the passkey signatures: ${error instanceof Error ? error.message : String(error)}`);
    });
    report.signatures = { passkey: checked.checked };
    if (checked.break) report.break ??= { chain: checked.break.chain, seq: checked.break.seq, kind: "signature", detail: checked.break.detail };
  }
  if (report.break) report.status = "broken";
  // With thousands of release chains, list only the global chain's head.
  if (report.heads.length > 20) report.heads = report.heads.filter((head) => head.chain === GLOBAL_CHAIN);
  return report;
}
