import { signatureMethod } from "@/lib/signoffs/signature-method";

/** "Signed with passkey (ES256)" and the key's fingerprint, or "Confirmed with password" (docs/decisions/024). */
export function SignatureMethod({ signoff }: { signoff: { passkey: { fingerprint: string; algorithm: string } | null } }) {
  const method = signatureMethod(signoff);
  return (
    <span className="block">
      {method.label}
      {method.fingerprint ? (
        <span className="mt-0.5 block break-all font-mono text-xs text-muted-foreground">
          <span className="font-sans">Key fingerprint (SHA-256): </span>
          {method.fingerprint}
        </span>
      ) : null}
    </span>
  );
}
