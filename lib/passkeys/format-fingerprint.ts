/** A key fingerprint (64 hex digits) grouped for reading aloud: `3f9a 01c2 …`; the first 16 hex digits when `short`. Client-safe. */
export function formatFingerprint(fingerprint: string, short = false): string {
  const shown = short ? fingerprint.slice(0, 16) : fingerprint;
  return (shown.match(/.{1,4}/g) ?? []).join(" ") + (short ? " …" : "");
}
