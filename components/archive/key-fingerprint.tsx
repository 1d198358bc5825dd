import { KeyRound } from "lucide-react";
import type { PublishedKey } from "@/lib/audit/get-public-key";

/**
 * The checkpoint key's fingerprint, to compare with the one the organisation
 * published out of band (and with what an evidence bundle's verify.py
 * prints). `key` is null when the key file cannot be read.
 */
export function KeyFingerprint({ keyInfo }: { keyInfo: PublishedKey | null }) {
  if (!keyInfo) {
    return <p className="text-sm text-muted-foreground">The checkpoint key cannot be read right now, so its fingerprint is not shown.</p>;
  }
  const rotated = keyInfo.rotations.length > 0;
  return (
    <section className="space-y-1 rounded-md border bg-muted/40 p-3 text-sm" aria-labelledby="key-fingerprint-title">
      <p id="key-fingerprint-title" className="flex items-center gap-2 font-medium">
        <KeyRound aria-hidden="true" className="size-4" />
        Checkpoint key fingerprint (SHA-256, {keyInfo.algorithm})
      </p>
      <p className="font-mono text-xs [overflow-wrap:anywhere]" data-testid="key-fingerprint">
        {keyInfo.fingerprint}
      </p>
      {rotated ? (
        <p className="text-xs text-muted-foreground">
          Rotated {keyInfo.rotations.length} {keyInfo.rotations.length === 1 ? "time" : "times"}; the first key, where a bundle&apos;s verification starts:{" "}
          <span className="font-mono [overflow-wrap:anywhere]">{keyInfo.firstFingerprint}</span>
        </p>
      ) : null}
      <p className="text-xs text-muted-foreground">
        Compare it with the fingerprint your organisation published (not with this page): a bundle&apos;s <code>python3 verify.py</code> prints the
        fingerprint it trusted.
      </p>
    </section>
  );
}
