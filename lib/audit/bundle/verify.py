#!/usr/bin/env python3
"""Verify a Countersign audit bundle with nothing but Python 3's standard library.

usage: python3 verify.py events.jsonl [checkpoints.json]

Recomputes every event's hash: sha256(prev_hash + "\n" + canonical JSON of the
event without its two hashes), where canonical JSON has sorted keys and no
whitespace (RFC 8785 for the values Countersign stores), checks the sequence
is gap-free and every event links to the one before, and, if given, that the
chain passes through each checkpointed head. Exit 0 intact, 1 broken.
"""
import hashlib, json, sys

def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

def main():
    events = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    prev, expected, heads = "0" * 64, 1, {}
    for event in events:
        content = {k: event[k] for k in ("chain", "seq", "type", "occurredAt", "actor", "subject", "data", "origin")}
        if event["seq"] != expected:
            print(f"broken: event {expected} is missing"); return 1
        if event["prevHash"] != prev:
            print(f"broken: event {event['seq']} does not link to event {event['seq'] - 1}"); return 1
        digest = hashlib.sha256((prev + "\n" + canonical(content)).encode("utf-8")).hexdigest()
        if digest != event["hash"]:
            print(f"broken: event {event['seq']} was modified"); return 1
        heads[event["seq"]] = event["hash"]
        prev, expected = event["hash"], expected + 1
    if len(sys.argv) > 2:
        for checkpoint in json.load(open(sys.argv[2], encoding="utf-8")):
            seq, digest = checkpoint["seq"], checkpoint["hash"]
            if seq > expected - 1:
                print(f"broken: checkpoint {checkpoint['file']} has {seq} events, the bundle {expected - 1}"); return 1
            if heads.get(seq) != digest:
                print(f"broken: event {seq} differs from checkpoint {checkpoint['file']}"); return 1
    print(f"intact: {len(events)} events, head {expected - 1} {prev}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
