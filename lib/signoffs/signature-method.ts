/**
 * How a signature was made, in the certificate's words (page and PDF alike,
 * docs/decisions/024): with the signer's passkey, naming the key by its
 * fingerprint (sha256 of its DER public key, as `openssl pkey -pubin -outform
 * DER | sha256sum` gives), or confirmed with the signer's password or a
 * fresh company sign-in ("SSO sign-in"). Client-safe.
 */
export function signatureMethod(signoff: { passkey: { fingerprint: string; algorithm: string } | null; confirmedWith?: string | null }): { label: string; fingerprint?: string } {
  if (signoff.passkey) return { label: `Signed with passkey (${signoff.passkey.algorithm})`, fingerprint: signoff.passkey.fingerprint };
  // A fresh sign-in at the company's identity provider (docs/decisions/027).
  return signoff.confirmedWith === "oidc" ? { label: "Confirmed with SSO sign-in" } : { label: "Confirmed with password" };
}
