/**
 * What to tell the user when the browser's passkey prompt fails (WebAuthn's
 * DOMException names, as @simplewebauthn/browser passes them on). Nothing was
 * sent to the server in these cases.
 */
export function browserPasskeyMessage(error: unknown, what: "register" | "sign" | "sign-in"): string {
  const name = error instanceof Error ? error.name : "";
  const code = (error as { code?: string } | null)?.code ?? "";
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") return "This device already holds a passkey for your account here.";
  if (name === "NotAllowedError" || name === "AbortError") {
    if (what === "sign-in") return "You were not signed in: the passkey prompt was cancelled or timed out.";
    return what === "register" ? "No passkey was created: the prompt was cancelled or timed out." : "Nothing was signed: the passkey prompt was cancelled or timed out.";
  }
  if (name === "SecurityError") return "The browser refused passkeys for this address. Open Countersign at its host name (not an IP address).";
  if (name === "NotSupportedError") return "This device offers no passkey Countersign can use (ES256, Ed25519 or RS256).";
  const detail = error instanceof Error ? error.message : String(error);
  if (what === "sign-in") return `You were not signed in: ${detail}`;
  return what === "register" ? `No passkey was created: ${detail}` : `Nothing was signed: ${detail}`;
}
