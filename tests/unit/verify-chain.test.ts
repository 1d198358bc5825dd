import { describe, expect, it } from "vitest";
import { GENESIS_HASH, hashEvent, type EventContent } from "../../lib/audit/hash";
import { type ChainResult, type CheckpointHead, ChainVerifier, type StoredEvent } from "../../lib/audit/verify-chain";

const CHAIN = "global";

function contentAt(seq: number, chain = CHAIN): EventContent {
  const who = seq % 7;
  return {
    chain,
    seq,
    type: seq % 2 ? "auth.signed_in" : "user.disabled",
    occurredAt: new Date(Date.UTC(2026, 10, 27, 12) + seq * 1013).toISOString(),
    actor: { kind: "user", id: `user-${who}`, name: `User ${who}`, email: `user${who}@example.test`, signoffRoles: ["QA Lead"] },
    subject: { kind: "user", id: `subject-${seq}`, label: `Subject ${seq}` },
    data: seq % 2 ? {} : { before: { disabled: false }, after: { disabled: true }, n: seq },
    origin: { address: `10.0.${who}.1`, userAgent: "vitest" },
  };
}

/** A correctly linked chain of n events, seq 1..n. */
function buildChain(n: number, chain = CHAIN): StoredEvent[] {
  const events: StoredEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const content = contentAt(seq, chain);
    const hash = hashEvent(prevHash, content);
    events.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return events;
}

/** What a forger with database access does to hide a change: recompute prev_hash and hash from `from` (0-based) on. */
function relink(events: StoredEvent[], from: number): StoredEvent[] {
  const out = events.map((event) => ({ ...event }));
  for (let index = from; index < out.length; index += 1) {
    const event = out[index]!;
    event.prevHash = index === 0 ? GENESIS_HASH : out[index - 1]!.hash;
    event.hash = hashEvent(event.prevHash, event);
  }
  return out;
}

function verify(events: StoredEvent[], checkpoints: CheckpointHead[] = [], chain = CHAIN): ChainResult {
  const verifier = new ChainVerifier(chain, checkpoints);
  for (const event of events) verifier.push(event);
  return verifier.finish();
}

const at = (events: StoredEvent[], seq: number): StoredEvent => {
  const event = events.find((candidate) => candidate.seq === seq);
  if (!event) throw new Error(`no event ${seq}`);
  return event;
};

const checkpointOf = (events: StoredEvent[], seq: number, name = "cp.json"): CheckpointHead => ({ seq, hash: at(events, seq).hash, checkpoint: name });

describe("ChainVerifier", () => {
  it("accepts an intact chain and reports its head and length", () => {
    const events = buildChain(25);
    const result = verify(events, [checkpointOf(events, 10), checkpointOf(events, 25)]);
    expect(result).toEqual({ chain: CHAIN, events: 25, head: { seq: 25, hash: events[24]!.hash } });
    expect(result.break).toBeUndefined();
  });

  it("accepts an empty chain without checkpoints", () => {
    expect(verify([])).toEqual({ chain: CHAIN, events: 0, head: null });
  });

  describe("modified", () => {
    const mutations: [string, (event: StoredEvent) => StoredEvent][] = [
      ["data", (event) => ({ ...event, data: { ...(event.data as object), extra: true } })],
      ["actor name", (event) => ({ ...event, actor: { ...(event.actor as object), name: "Mallory" } })],
      ["type", (event) => ({ ...event, type: "user.enabled" })],
      ["time (1 ms)", (event) => ({ ...event, occurredAt: new Date(Date.parse(event.occurredAt) + 1).toISOString() })],
      ["subject", (event) => ({ ...event, subject: { ...(event.subject as object), label: "Someone else" } })],
      ["origin", (event) => ({ ...event, origin: { address: "203.0.113.9", userAgent: "vitest" } })],
      ["stored hash", (event) => ({ ...event, hash: "f".repeat(64) })],
      ["stored prev_hash", (event) => ({ ...event, prevHash: "e".repeat(64) })],
    ];
    for (const [field, mutate] of mutations) {
      it(`names the exact event whose ${field} was changed`, () => {
        const events = buildChain(20);
        events[12] = mutate(events[12]!);
        expect(verify(events).break).toMatchObject({ chain: CHAIN, seq: 13, kind: "modified" });
      });
    }

    it("finds a change in the first and in the last event", () => {
      const first = buildChain(5);
      first[0] = { ...first[0]!, data: { forged: true } };
      expect(verify(first).break).toMatchObject({ seq: 1, kind: "modified" });
      const last = buildChain(5);
      last[4] = { ...last[4]!, data: { forged: true } };
      expect(verify(last).break).toMatchObject({ seq: 5, kind: "modified" });
    });
  });

  describe("deleted", () => {
    it("names a missing seq (a gap)", () => {
      const events = buildChain(20).filter((event) => event.seq !== 8);
      expect(verify(events).break).toMatchObject({ seq: 8, kind: "deleted" });
    });

    it("names the first of several missing events, and a missing first event", () => {
      expect(verify(buildChain(20).filter((event) => event.seq < 5 || event.seq > 9)).break).toMatchObject({ seq: 5, kind: "deleted" });
      expect(verify(buildChain(20).slice(1)).break).toMatchObject({ seq: 1, kind: "deleted" });
    });

    it("names the deleted seq when the later events were renumbered to close the gap", () => {
      const renumbered = buildChain(20)
        .filter((event) => event.seq !== 8)
        .map((event) => (event.seq > 8 ? { ...event, seq: event.seq - 1 } : event));
      expect(verify(renumbered).break).toMatchObject({ seq: 8, kind: "deleted" });
    });

    it("names the deleted seq when the last-but-one event was removed and the last renumbered", () => {
      const renumbered = buildChain(10)
        .filter((event) => event.seq !== 9)
        .map((event) => (event.seq === 10 ? { ...event, seq: 9 } : event));
      expect(verify(renumbered).break).toMatchObject({ seq: 9, kind: "deleted" });
    });

    it("names the deleted seq when the later events were renumbered and rehashed but still link to the deleted one", () => {
      const events = buildChain(20)
        .filter((event) => event.seq !== 8)
        .map((event) => {
          if (event.seq <= 8) return event;
          const moved = { ...event, seq: event.seq - 1 };
          return { ...moved, hash: hashEvent(moved.prevHash, moved) };
        });
      expect(verify(events).break).toMatchObject({ seq: 8, kind: "deleted" });
    });
  });

  describe("reordered", () => {
    const swap = (events: StoredEvent[], a: number, b: number): StoredEvent[] =>
      events.map((event) => (event.seq === a ? { ...at(events, b), seq: a } : event.seq === b ? { ...at(events, a), seq: b } : event));

    it("names the lower seq when two neighbours exchange their seq values", () => {
      expect(verify(swap(buildChain(20), 6, 7)).break).toMatchObject({ seq: 6, kind: "reordered" });
    });

    it("names the lower seq when two distant events exchange their seq values", () => {
      expect(verify(swap(buildChain(40), 4, 31)).break).toMatchObject({ seq: 4, kind: "reordered" });
    });

    it("names the lower seq when the last two events are swapped", () => {
      expect(verify(swap(buildChain(10), 9, 10)).break).toMatchObject({ seq: 9, kind: "reordered" });
    });
  });

  describe("inserted", () => {
    /** A well-formed forged event at `seq`, linked to the event before it; later events shift up by one. */
    const insert = (events: StoredEvent[], seq: number): StoredEvent[] => {
      const prevHash = seq === 1 ? GENESIS_HASH : at(events, seq - 1).hash;
      const forged = { ...contentAt(seq), data: { forged: true }, subject: { kind: "user", id: "x", label: "Forged" } };
      const inserted = { ...forged, prevHash, hash: hashEvent(prevHash, forged) };
      return [...events.filter((event) => event.seq < seq), inserted, ...events.filter((event) => event.seq >= seq).map((event) => ({ ...event, seq: event.seq + 1 }))];
    };

    it("names the seq of an extra event when the events after it were renumbered", () => {
      expect(verify(insert(buildChain(20), 9)).break).toMatchObject({ seq: 9, kind: "inserted" });
    });

    it("names the seq of an extra event when the events after it were renumbered and rehashed", () => {
      const events = insert(buildChain(20), 9).map((event) => (event.seq > 9 ? { ...event, hash: hashEvent(event.prevHash, event) } : event));
      expect(verify(events).break).toMatchObject({ seq: 9, kind: "inserted" });
    });

    it("names seq 1 for an extra event at the start", () => {
      expect(verify(insert(buildChain(10), 1)).break).toMatchObject({ seq: 1, kind: "inserted" });
    });
  });

  describe("truncated", () => {
    it("names the first missing seq when a checkpoint head lies beyond the end", () => {
      const events = buildChain(30);
      const checkpoint = checkpointOf(events, 30, "head.json");
      const result = verify(events.slice(0, 27), [checkpointOf(events, 10), checkpoint]);
      expect(result.break).toMatchObject({ seq: 28, kind: "truncated" });
      expect(result.break?.detail).toContain("head.json");
      expect(verify(events, [checkpoint]).break).toBeUndefined();
    });

    it("names seq 1 when every event is gone", () => {
      const events = buildChain(5);
      expect(verify([], [checkpointOf(events, 5)]).break).toMatchObject({ seq: 1, kind: "truncated" });
    });
  });

  describe("rewritten", () => {
    it("is invisible without a checkpoint but caught at the checkpoint's seq when one exists", () => {
      const original = buildChain(30);
      const tampered = original.map((event) => (event.seq === 8 ? { ...event, data: { rewritten: true } } : event));
      const rewritten = relink(tampered, 7);
      // The recomputed chain is self-consistent: only a checkpoint can tell.
      expect(verify(rewritten).break).toBeUndefined();
      const result = verify(rewritten, [checkpointOf(original, 20, "cp-20.json"), checkpointOf(original, 30, "cp-30.json")]);
      expect(result.break).toMatchObject({ seq: 20, kind: "rewritten" });
      expect(result.break?.detail).toContain("cp-20.json");
    });

    it("is caught when the whole chain was regenerated from scratch", () => {
      const original = buildChain(15);
      const regenerated = relink(
        original.map((event) => ({ ...event, actor: { kind: "system", name: "forger" } })),
        0,
      );
      expect(verify(regenerated, [checkpointOf(original, 15)]).break).toMatchObject({ seq: 15, kind: "rewritten" });
    });
  });

  it("reports only the first break", () => {
    const events = buildChain(20)
      .filter((event) => event.seq !== 15)
      .map((event) => (event.seq === 4 ? { ...event, data: { forged: true } } : event));
    expect(verify(events).break).toMatchObject({ seq: 4, kind: "modified" });
  });

  it("raises no false alarm on an intact chain of 10,000 events with checkpoints along it", () => {
    const events = buildChain(10_000);
    const checkpoints = [1, 1000, 5000, 9999, 10_000].map((seq) => checkpointOf(events, seq, `cp-${seq}.json`));
    const started = performance.now();
    const result = verify(events, checkpoints);
    const elapsed = performance.now() - started;
    expect(result).toEqual({ chain: CHAIN, events: 10_000, head: { seq: 10_000, hash: events[9999]!.hash } });
    expect(elapsed).toBeLessThan(5_000);
  });
});
