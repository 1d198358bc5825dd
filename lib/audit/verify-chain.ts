import { type EventContent, GENESIS_HASH, hashEvent } from "./hash";

/**
 * Verifies one chain streamed in seq order, and names the first break:
 *   modified   - an event's content no longer matches its hash;
 *   deleted    - a sequence number is missing, or an event's predecessor is gone;
 *   inserted   - an event that was never part of the chain sits in it;
 *   reordered  - events hold each other's places;
 *   truncated  - the newest checkpoint knows events the chain no longer has;
 *   rewritten  - the chain is self-consistent but differs from a signed checkpoint;
 *   signature  - (not a chain break) a passkey signature of a sign-off does not verify (lib/signoffs/verify-passkey-signatures.ts).
 */

export type BreakKind = "modified" | "deleted" | "inserted" | "reordered" | "truncated" | "rewritten" | "signature";
export type ChainBreak = { chain: string; seq: number; kind: BreakKind; detail: string };
export type StoredEvent = EventContent & { prevHash: string; hash: string };
export type CheckpointHead = { seq: number; hash: string; checkpoint: string };
export type ChainResult = { chain: string; events: number; head: { seq: number; hash: string } | null; break?: ChainBreak };

const WINDOW = 1000;

export class ChainVerifier {
  private expected = 1;
  private prevHash = GENESIS_HASH;
  private count = 0;
  private head: { seq: number; hash: string } | null = null;
  private found?: ChainBreak;
  private pendingSwap?: { at: number; originalSeq: number };
  private recent = new Map<string, number>();
  private readonly checkpointBySeq: Map<number, CheckpointHead>;

  constructor(
    readonly chain: string,
    private readonly checkpoints: CheckpointHead[] = [],
  ) {
    this.checkpointBySeq = new Map(checkpoints.map((head) => [head.seq, head]));
  }

  get broken(): boolean {
    return this.found !== undefined;
  }

  private fail(seq: number, kind: BreakKind, detail: string): void {
    this.found ??= { chain: this.chain, seq, kind, detail };
  }

  /** The seq this event's hash was computed with, searched near its position; null if none. */
  private originalSeq(event: StoredEvent): number | null {
    const from = Math.max(1, event.seq - WINDOW);
    for (let candidate = from; candidate <= event.seq + WINDOW; candidate += 1) {
      if (candidate !== event.seq && hashEvent(event.prevHash, { ...event, seq: candidate }) === event.hash) return candidate;
    }
    return null;
  }

  push(event: StoredEvent): void {
    this.count += 1;
    this.head = { seq: event.seq, hash: event.hash };
    if (this.pendingSwap && event.seq === this.pendingSwap.originalSeq) {
      const original = this.originalSeq(event);
      if (original === this.pendingSwap.at) {
        this.fail(this.pendingSwap.at, "reordered", `events ${this.pendingSwap.at} and ${event.seq} hold each other's places`);
      } else {
        this.fail(this.pendingSwap.at, "deleted", `event ${this.pendingSwap.at} is missing; later events were renumbered`);
      }
      this.pendingSwap = undefined;
    }
    if (!this.found && !this.pendingSwap) this.check(event);
    this.prevHash = event.hash;
    this.expected = event.seq + 1;
    this.recent.set(event.hash, event.seq);
    if (this.recent.size > WINDOW) this.recent.delete(this.recent.keys().next().value as string);
  }

  private check(event: StoredEvent): void {
    if (event.seq !== this.expected) {
      this.fail(this.expected, "deleted", `sequence jumps from ${this.expected - 1} to ${event.seq}`);
      return;
    }
    if (hashEvent(event.prevHash, event) !== event.hash) {
      const original = this.originalSeq(event);
      if (original === null) this.fail(event.seq, "modified", `event ${event.seq} does not match its hash`);
      else if (original < event.seq) this.fail(original, "inserted", `an event was inserted at ${original}; later events were renumbered`);
      else this.pendingSwap = { at: event.seq, originalSeq: original };
      return;
    }
    if (event.prevHash !== this.prevHash) {
      const linked = this.recent.get(event.prevHash);
      if (linked !== undefined) this.fail(linked + 1, "inserted", `events ${linked + 1}..${event.seq - 1} were inserted`);
      else this.fail(event.seq, "deleted", `the event that ${event.seq} was chained to is gone`);
      return;
    }
    const checkpoint = this.checkpointBySeq.get(event.seq);
    if (checkpoint && checkpoint.hash !== event.hash) {
      this.fail(event.seq, "rewritten", `event ${event.seq} differs from checkpoint ${checkpoint.checkpoint}; the chain was recomputed`);
    }
  }

  finish(): ChainResult {
    if (this.pendingSwap) {
      this.fail(this.pendingSwap.at, "deleted", `event ${this.pendingSwap.at} is missing; later events were renumbered`);
    }
    const lastSeq = this.head?.seq ?? 0;
    const newest = this.checkpoints.reduce<CheckpointHead | undefined>((max, head) => (!max || head.seq > max.seq ? head : max), undefined);
    if (newest && newest.seq > lastSeq) {
      this.fail(lastSeq + 1, "truncated", `checkpoint ${newest.checkpoint} has ${newest.seq} events; the chain ends at ${lastSeq}`);
    }
    return { chain: this.chain, events: this.count, head: this.head, ...(this.found ? { break: this.found } : {}) };
  }
}
