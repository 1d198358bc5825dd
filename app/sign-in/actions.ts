"use server";

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/lib/auth/auth";
import { WRONG_CREDENTIALS } from "@/lib/auth/verify-credentials";
import type { ActionState } from "@/lib/auth/action-state";
import { CROSS_ORIGIN_MESSAGE, isSameOrigin } from "@/lib/security/same-origin";
import { getCurrentSession } from "@/lib/auth/current-user";
import { endSession } from "@/lib/auth/end-session";
import { originFromHeaders } from "@/lib/auth/request-origin";
import { userActor } from "@/lib/audit/actor";
import { firstLine, logger } from "@/lib/observability/logger";
import { unstable_rethrow } from "next/navigation";
import { OIDC_PROVIDER_ID, oidcConfig, passwordSignInEnabled } from "@/lib/sso/oidc-config";
import { startPasskeySignIn } from "@/lib/passkeys/passkey-sign-in";
import { relyingPartyFor } from "@/lib/passkeys/relying-party";
import { AppError } from "@/lib/errors/app-error";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";

/** Only a path of this site is a place to go back to after signing in ("+": a space in a query, as the proxy re-encodes the page that was asked for, e.g. a link from an email). */
function safeRedirect(callback: FormDataEntryValue | null): string {
  return typeof callback === "string" && /^\/(?!\/)[\w\-/?=&%.+]*$/.test(callback) ? callback : "/";
}

/**
 * Sign-in is the one action that runs without a session, so it does not go
 * through validatedAction; Auth.js's Credentials provider validates the
 * input (lib/auth/verify-credentials.ts) and applies the rate limits. Like
 * validatedAction, it refuses requests from other origins first.
 */
export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  // No signing in from another site's form (login CSRF); see lib/security/same-origin.ts.
  if (!isSameOrigin(await headers())) return { status: "error", message: CROSS_ORIGIN_MESSAGE };
  if (!passwordSignInEnabled()) return { status: "error", message: "Password sign-in is turned off here: sign in with your company account or a passkey." };
  const email = formData.get("email");
  const password = formData.get("password");
  const redirectTo = safeRedirect(formData.get("callbackUrl"));
  if (typeof email !== "string" || email.trim() === "") {
    return { status: "error", message: "Enter your email.", fieldErrors: { email: ["Enter your email."] } };
  }
  if (typeof password !== "string" || password === "") {
    return { status: "error", message: "Enter your password.", fieldErrors: { password: ["Enter your password."] } };
  }
  try {
    await signIn("credentials", { email: email.slice(0, 1024), password: password.slice(0, 1024), redirectTo });
    return { status: "success", message: "Signed in." };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      if (error.type === "CredentialsSignin" && code === "rate_limited") {
        return { status: "error", message: "Too many failed sign-in attempts. Wait 15 minutes and try again." };
      }
      if (error.type === "CredentialsSignin" && code === "unavailable") {
        return { status: "error", message: "The service is temporarily unavailable. Please try again in a moment." };
      }
      return { status: "error", message: WRONG_CREDENTIALS };
    }
    throw error; // Next's redirect after a successful sign-in
  }
}

/**
 * Company sign-in: sends the browser to the identity provider (Auth.js makes
 * the state, PKCE verifier and nonce, kept in short-lived cookies). A
 * provider that cannot be reached (discovery fails) gives a message here, not
 * an error page; password sign-in is unaffected.
 */
export async function ssoSignInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  if (!isSameOrigin(await headers())) return { status: "error", message: CROSS_ORIGIN_MESSAGE };
  const config = oidcConfig();
  if (!config) return { status: "error", message: "Company sign-in is not configured here." };
  try {
    await signIn(OIDC_PROVIDER_ID, { redirectTo: safeRedirect(formData.get("callbackUrl")) });
    return { status: "success", message: "Continue at your identity provider." };
  } catch (error) {
    unstable_rethrow(error); // Next's redirect to the provider
    logger.warn({ error: firstLine(error) }, "company sign-in could not start");
    return { status: "error", message: `${config.label} cannot be reached right now, so company sign-in is unavailable. Try again in a few minutes${passwordSignInEnabled() ? ", or sign in with your password or a passkey" : ", or sign in with a passkey"}.` };
  }
}

/** A passkey sign-in's options: a single-use challenge for this site, no user named (the device offers its passkeys). */
export async function startPasskeySignInAction(): Promise<ActionState<PublicKeyCredentialRequestOptionsJSON>> {
  const requestHeaders = await headers();
  if (!isSameOrigin(requestHeaders)) return { status: "error", message: CROSS_ORIGIN_MESSAGE };
  try {
    return { status: "success", message: "Confirm with your passkey.", data: await startPasskeySignIn(relyingPartyFor(requestHeaders)) };
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.message };
    throw error;
  }
}

/** Signs in with the browser's passkey assertion (checked in lib/passkeys/passkey-sign-in.ts through Auth.js's `passkey` provider). */
export async function passkeySignInAction(response: string, callbackUrl: string): Promise<ActionState> {
  if (!isSameOrigin(await headers())) return { status: "error", message: CROSS_ORIGIN_MESSAGE };
  if (typeof response !== "string" || response.length > 100_000) return { status: "error", message: "Your passkey did not sign you in: the browser's answer is not a passkey assertion." };
  try {
    await signIn("passkey", { response, redirectTo: safeRedirect(typeof callbackUrl === "string" ? callbackUrl : null) });
    return { status: "success", message: "Signed in." };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code ?? "";
      if (code === "rate_limited") return { status: "error", message: "Too many failed sign-in attempts. Wait 15 minutes and try again." };
      if (code.startsWith("passkey:")) return { status: "error", message: code.slice("passkey:".length) };
      return { status: "error", message: "The service is temporarily unavailable. Please try again in a moment." };
    }
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  const requestHeaders = await headers();
  // Like every action, refused from another origin: a foreign page cannot sign anyone out.
  if (!isSameOrigin(requestHeaders)) return;
  const current = await getCurrentSession();
  if (current?.sessionId) {
    try {
      await endSession(current.user, current.sessionId, { actor: userActor(current.user), origin: originFromHeaders(requestHeaders) });
    } catch (error) {
      // The browser's cookie is still cleared below; the session then ends at its expiry.
      logger.error({ err: error }, "could not record the sign-out");
    }
  }
  await signOut({ redirectTo: "/sign-in" });
}
