import { CredentialsSignin } from "@auth/core/errors";
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { OIDCConfig } from "next-auth/providers";
import { AppError } from "../errors/app-error";
import { sessionOptions } from "../security/session-policy";
import { completeSsoSignIn, groupsFrom, SsoSignInRefused } from "../sso/complete-sso-sign-in";
import { OIDC_PROVIDER_ID, type OidcConfig, oidcConfig, passwordSignInEnabled } from "../sso/oidc-config";
import { recordOidcSession } from "../sso/oidc-sessions";
import { verifyPasskeySignIn } from "../passkeys/passkey-sign-in";
import { relyingPartyFor } from "../passkeys/relying-party";
import { originFromHeaders } from "./request-origin";
import { verifyCredentials } from "./verify-credentials";

/**
 * Auth.js's configuration (docs/decisions/003, 018, 027), built per request
 * (lib/auth/auth.ts) so the sign-in callback knows where the request came
 * from. Three ways in:
 *  - `credentials`: email and password (unless COUNTERSIGN_PASSWORD_SIGNIN=false);
 *  - `passkey`: a WebAuthn assertion over a single-use challenge, the passkey
 *    naming the user (lib/passkeys/passkey-sign-in.ts);
 *  - `oidc`: company sign-in through the identity provider (code flow with
 *    PKCE, state and nonce; lib/sso/), when COUNTERSIGN_OIDC_* are set.
 * JWT sessions that only name the user, their session version and session id;
 * every request reloads the user (lib/auth/current-user.ts).
 */

class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}
class UnavailableSignIn extends CredentialsSignin {
  code = "unavailable";
}
class PasskeySignInRefused extends CredentialsSignin {
  code = "passkey";
}

/** How the session's user signed in; recorded in the token (`amr`) and in the actor of the sign-in event. */
export type SignInMethod = "password" | "passkey" | "oidc";

type ClaimsProfile = Record<string, unknown> & { iss?: unknown; sub?: unknown; auth_time?: unknown };

/** Company sign-in through Auth.js's generic OpenID Connect provider: discovery from the issuer, code flow, PKCE, state and nonce. */
export function oidcProvider(config: OidcConfig): OIDCConfig<ClaimsProfile> {
  return {
    id: OIDC_PROVIDER_ID,
    name: config.label,
    type: "oidc",
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: config.scopes } },
    // The ID token's claims (already checked: issuer, audience, signature, expiry, nonce) are the profile.
    profile: (profile) => ({ id: String(profile.sub), email: typeof profile.email === "string" ? profile.email : null, name: typeof profile.name === "string" ? profile.name : null }),
  };
}

export function authConfig(requestHeaders?: Headers, env: Record<string, string | undefined> = process.env): NextAuthConfig {
  const oidc = oidcConfig(env);
  const passwords = passwordSignInEnabled(env);
  const origin = () => (requestHeaders ? originFromHeaders(requestHeaders) : { address: "unknown", userAgent: "" });
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      id: "credentials",
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        if (!passwords) return null;
        try {
          const from = originFromHeaders(request.headers);
          const user = await verifyCredentials(credentials, from.address, from.userAgent);
          return { id: user.id, sessionVersion: user.sessionVersion };
        } catch (error) {
          if (error instanceof AppError && error.code === "RATE_LIMITED") throw new RateLimitedSignIn(error.message);
          if (error instanceof AppError) return null;
          throw new UnavailableSignIn();
        }
      },
    }),
    Credentials({
      id: "passkey",
      credentials: { response: {} },
      async authorize(credentials, request) {
        try {
          const user = await verifyPasskeySignIn(credentials?.response, relyingPartyFor(request.headers), originFromHeaders(request.headers));
          return { id: user.id, sessionVersion: user.sessionVersion };
        } catch (error) {
          if (error instanceof AppError && error.code === "RATE_LIMITED") throw new RateLimitedSignIn(error.message);
          if (error instanceof AppError) {
            const refused = new PasskeySignInRefused();
            refused.code = `passkey:${error.message}`.slice(0, 300);
            throw refused;
          }
          throw new UnavailableSignIn();
        }
      },
    }),
    ...(oidc ? [oidcProvider(oidc)] : []),
  ];
  return {
    ...sessionOptions,
    providers,
    callbacks: {
      ...sessionOptions.callbacks,
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID || !oidc) return true;
        const claims = (profile ?? {}) as ClaimsProfile;
        try {
          const signedIn = await completeSsoSignIn(
            {
              issuer: String(claims.iss),
              subject: String(claims.sub),
              email: typeof claims.email === "string" ? claims.email : null,
              emailVerified: typeof claims.email_verified === "boolean" ? claims.email_verified : null,
              name: typeof claims.name === "string" ? claims.name : typeof claims.preferred_username === "string" ? claims.preferred_username : null,
              groups: groupsFrom(claims[oidc.groupsClaim]),
            },
            origin(),
          );
          // Auth.js gave the user a random id: from here on it is the Countersign account's.
          user.id = signedIn.id;
          (user as { sessionVersion?: number }).sessionVersion = signedIn.sessionVersion;
          return true;
        } catch (error) {
          if (error instanceof SsoSignInRefused) return `/sign-in?error=sso_${error.reason}`;
          throw error;
        }
      },
      async jwt(params) {
        const token = sessionOptions.callbacks.jwt(params);
        if (!token || !params.user || !params.account) return token;
        const method: SignInMethod = params.account.provider === OIDC_PROVIDER_ID ? "oidc" : params.account.provider === "passkey" ? "passkey" : "password";
        token.amr = method;
        if (method === "oidc" && oidc) {
          const claims = (params.profile ?? {}) as ClaimsProfile;
          const authTime = typeof claims.auth_time === "number" ? claims.auth_time : null;
          token.idp = { iss: String(claims.iss), sub: String(claims.sub), authTime };
          await recordOidcSession({
            sessionId: String(token.sid),
            userId: String(token.sub),
            issuer: String(claims.iss),
            subject: String(claims.sub),
            accessToken: params.account.access_token ?? "",
            refreshToken: params.account.refresh_token ?? null,
            accessExpiresAt: typeof params.account.expires_at === "number" ? new Date(params.account.expires_at * 1000) : null,
            authTime: authTime === null ? null : new Date(authTime * 1000),
          });
        }
        return token;
      },
      session(params) {
        const session = sessionOptions.callbacks.session(params);
        const { token } = params;
        return { ...session, signInMethod: token.amr, provider: token.idp };
      },
    },
  };
}

/** The providers that send the browser to an identity provider and back, whose callback route is exposed (lib/auth/auth-routes.ts). */
export function redirectProviderIdsFor(env: Record<string, string | undefined> = process.env): string[] {
  return oidcConfig(env) ? [OIDC_PROVIDER_ID] : [];
}
