/**
 * How a signature was made, in the certificate's words (page and PDF alike,
 * docs/decisions/024): with the signer's passkey, naming the key by its
 * fingerprint (sha256 of its DER public key, as `openssl pkey -pubin -outform
 * DER | sha256sum` gives), or confirmed with the signer's password. Client-safe.
 */
export function signatureMethod(signoff: { passkey: { fingerprint: string; algorithm: string } | null }): { label: string; fingerprint?: string } {
  return signoff.passkey ? { label: `Signed with passkey (${signoff.passkey.algorithm})`, fingerprint: signoff.passkey.fingerprint } : { label: "Confirmed with password" };
}
