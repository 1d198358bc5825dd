import type { ReconstructedSignoff } from "@/lib/audit/release-history";
import { formatUtcMillis as formatUtc } from "@/lib/format/utc";
import { SignoffStatusBadge } from "./status-badges";

/** The signatures of a release at one moment: role, printed name, meaning, time, the hash they cover, and their status then. */
export function SignatureList({ signoffs }: { signoffs: ReconstructedSignoff[] }) {
  if (signoffs.length === 0) return <p className="text-sm text-muted-foreground">Nobody had signed at this moment.</p>;
  return (
    <ul aria-label="Signatures" className="divide-y divide-border rounded-lg border border-border">
      {signoffs.map((signoff) => (
        <li key={`${signoff.role}-${signoff.signedAt}`} className="space-y-1.5 px-4 py-3 text-sm">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span className="font-semibold">{signoff.role}</span>
            <SignoffStatusBadge status={signoff.status} />
          </div>
          <p>
            <span className="font-medium">{signoff.printedName}</span>
            <span className="text-muted-foreground"> signed “{signoff.meaning}”</span>
          </p>
          <p className="font-mono text-xs text-muted-foreground">
            <time dateTime={signoff.signedAt}>{formatUtc(new Date(signoff.signedAt))}</time>
          </p>
          <p className="font-mono text-xs text-muted-foreground [overflow-wrap:anywhere]">
            <span className="font-sans">Covers sha256 </span>
            {signoff.contentHash}
          </p>
          {signoff.reason ? (
            <p className="text-xs text-muted-foreground [overflow-wrap:anywhere]">
              {signoff.status === "revoked" ? "Revoked: " : "Stale: "}
              {signoff.reason}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
