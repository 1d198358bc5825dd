import NextAuth from "next-auth";
import { authConfig, redirectProviderIdsFor } from "./auth-config";

/**
 * Auth.js, configured per request (lib/auth/auth-config.ts: passwords,
 * passkeys, company sign-in). The JWT only names the user and their session
 * version; every request reloads the user (lib/auth/current-user.ts), so
 * disabling a user or changing their roles ends their sessions at once. See
 * docs/decisions/003 and 027. Session lifetime, cookies and callbacks:
 * lib/security/session-policy.ts.
 */
export const { handlers, auth, signIn, signOut, unstable_update: updateSession } = NextAuth((request) => authConfig(request?.headers));

/**
 * Providers that send the browser to an identity provider and back (OIDC):
 * their callback is the one Auth.js endpoint that must be reachable over HTTP
 * (app/api/auth/[...nextauth]/route.ts). `oidc` when company sign-in is
 * configured; none otherwise.
 */
export const redirectProviderIds: string[] = redirectProviderIdsFor();
