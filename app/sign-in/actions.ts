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
import { logger } from "@/lib/observability/logger";

/**
 * Sign-in is the one action that runs without a session, so it does not go
 * through validatedAction; Auth.js's Credentials provider validates the
 * input (lib/auth/verify-credentials.ts) and applies the rate limits. Like
 * validatedAction, it refuses requests from other origins first.
 */
export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  // No signing in from another site's form (login CSRF); see lib/security/same-origin.ts.
  if (!isSameOrigin(await headers())) return { status: "error", message: CROSS_ORIGIN_MESSAGE };
  const email = formData.get("email");
  const password = formData.get("password");
  const callback = formData.get("callbackUrl");
  // A path on this site only ("+": a space in a query, as the proxy re-encodes the page that was asked for, e.g. a link from an email).
  const redirectTo = typeof callback === "string" && /^\/(?!\/)[\w\-/?=&%.+]*$/.test(callback) ? callback : "/";
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
