import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { AppError } from "../errors/app-error";
import { originFromHeaders } from "./request-origin";
import { verifyCredentials } from "./verify-credentials";
import { sessionOptions } from "../security/session-policy";

/**
 * Auth.js with email + password (Credentials) and JWT sessions. The JWT
 * only names the user and their session version; every request reloads the
 * user (lib/auth/current-user.ts), so disabling a user or changing their
 * roles ends their sessions at once. See docs/decisions/003. Session
 * lifetime, cookies and callbacks: lib/security/session-policy.ts.
 */

class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}
class UnavailableSignIn extends CredentialsSignin {
  code = "unavailable";
}

const providers = [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        try {
          const origin = originFromHeaders(request.headers);
          const user = await verifyCredentials(credentials, origin.address, origin.userAgent);
          return { id: user.id, sessionVersion: user.sessionVersion };
        } catch (error) {
          if (error instanceof AppError && error.code === "RATE_LIMITED") throw new RateLimitedSignIn(error.message);
          if (error instanceof AppError) return null;
          throw new UnavailableSignIn();
        }
      },
    }),
];

export const { handlers, auth, signIn, signOut, unstable_update: updateSession } = NextAuth({ ...sessionOptions, providers });

/**
 * Providers that send the browser to an identity provider and back (OAuth,
 * OIDC): their callback is the one Auth.js endpoint that must be reachable
 * over HTTP (app/api/auth/[...nextauth]/route.ts). None today: passwords are
 * checked in-process by the sign-in action.
 */
export const redirectProviderIds: string[] = providers.flatMap((provider) =>
  (provider.type as string) === "oauth" || (provider.type as string) === "oidc" ? [provider.id] : [],
);
