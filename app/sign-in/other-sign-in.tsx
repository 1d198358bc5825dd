"use client";

import { useActionState, useState } from "react";
import { browserSupportsWebAuthn, startAuthentication } from "@simplewebauthn/browser";
import { Building, KeyRound } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { idleState } from "@/lib/auth/action-state";
import { browserPasskeyMessage } from "@/components/signoffs/passkey-messages";
import { passkeySignInAction, ssoSignInAction, startPasskeySignInAction } from "./actions";

/** "Sign in with <provider>": the browser goes to the company's identity provider and comes back signed in. */
export function SsoSignIn({ label, callbackUrl }: { label: string; callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(ssoSignInAction, idleState);
  return (
    <form action={formAction} className="grid gap-3">
      {state.status === "error" ? (
        <Alert variant="destructive">
          <AlertDescription>{state.message}</AlertDescription>
        </Alert>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Button type="submit" variant="outline" disabled={pending} className="w-full">
        {pending ? <Spinner label={null} /> : <Building aria-hidden="true" />}
        Sign in with {label}
      </Button>
    </form>
  );
}

/**
 * "Sign in with a passkey": the server hands out a single-use challenge, the
 * device offers the passkeys it holds for this site (discoverable
 * credentials) and signs it after a PIN, fingerprint or face; the server
 * checks the assertion (lib/passkeys/passkey-sign-in.ts).
 */
export function PasskeySignIn({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function signInWithPasskey() {
    setProblem(null);
    if (!browserSupportsWebAuthn()) {
      setProblem("This browser cannot use passkeys.");
      return;
    }
    setPending(true);
    try {
      const started = await startPasskeySignInAction();
      if (started.status !== "success" || !started.data) {
        setProblem(started.status === "error" ? started.message : "Could not start the passkey sign-in.");
        return;
      }
      let response;
      try {
        response = await startAuthentication({ optionsJSON: started.data });
      } catch (error) {
        setProblem(browserPasskeyMessage(error, "sign-in"));
        return;
      }
      const result = await passkeySignInAction(JSON.stringify(response), callbackUrl);
      if (result?.status === "error") setProblem(result.message);
    } catch {
      setProblem("Could not reach Countersign. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }
  return (
    <div className="grid gap-3">
      {problem ? (
        <Alert variant="destructive">
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      ) : null}
      <Button type="button" variant="outline" disabled={pending} className="w-full" onClick={() => void signInWithPasskey()}>
        {pending ? <Spinner label={null} /> : <KeyRound aria-hidden="true" />}
        Sign in with a passkey
      </Button>
    </div>
  );
}
