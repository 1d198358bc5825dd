import type { NextAuthConfig } from "next-auth";

/**
 * How long a session lives (docs/decisions/009, README "Security"):
 * - idle: it ends after COUNTERSIGN_SESSION_MAX_AGE seconds (default 8 h)
 *   without a page view; every page view renews it (proxy.ts);
 * - absolute: however active, it ends COUNTERSIGN_SESSION_ABSOLUTE_MAX_AGE
 *   seconds (default 7 days) after sign-in.
 * The settings are validated at start-up (lib/config/settings.ts).
 */
export type SessionLimits = { idleSeconds: number; absoluteSeconds: number };

const DEFAULT_IDLE_SECONDS = 8 * 60 * 60;
const DEFAULT_ABSOLUTE_SECONDS = 7 * 24 * 60 * 60;

function positiveSeconds(value: string | undefined, fallback: number): number {
  const seconds = Number(value);
  return value !== undefined && value.trim() !== "" && Number.isInteger(seconds) && seconds > 0 ? seconds : fallback;
}

export function sessionLimits(env: Record<string, string | undefined> = process.env): SessionLimits {
  return {
    idleSeconds: positiveSeconds(env.COUNTERSIGN_SESSION_MAX_AGE, DEFAULT_IDLE_SECONDS),
    absoluteSeconds: positiveSeconds(env.COUNTERSIGN_SESSION_ABSOLUTE_MAX_AGE, DEFAULT_ABSOLUTE_SECONDS),
  };
}

/** False once the session's sign-in (`authTime`, seconds) is longer ago than the absolute limit, or unknown. */
export function withinAbsoluteLimit(authTime: unknown, limits: SessionLimits, nowSeconds = Date.now() / 1000): boolean {
  return typeof authTime === "number" && nowSeconds - authTime <= limits.absoluteSeconds;
}

const limits = sessionLimits();

/**
 * The Auth.js options about sessions, shared by the full configuration
 * (lib/auth/auth.ts, with the Credentials provider) and the light one the
 * proxy renews sessions with (lib/security/session-renewal.ts).
 * Cookies are Auth.js's defaults: HttpOnly, SameSite=Lax, and Secure with the
 * `__Secure-` prefix when the request came over HTTPS.
 */
export const sessionOptions = {
  trustHost: true,
  // JWTs carry their own expiry (idle limit); the proxy re-issues them on page views.
  session: { strategy: "jwt", maxAge: limits.idleSeconds },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    // Auth.js logs the full error on failed sign-ins; keep only its name.
    error: (error) => {
      // Minified builds rename error classes; Auth.js's `type` survives.
      const type = (error as { type?: string }).type ?? error.name;
      // What went wrong, one line, for a refused company sign-in (wrong issuer, audience, nonce, state; an unreachable provider). Never tokens: these messages name claims, not values.
      const cause = (error as { cause?: { err?: unknown } }).cause?.err;
      const why = cause instanceof Error ? `: ${cause.name}: ${cause.message.split("\n")[0]!.slice(0, 200)}` : "";
      if (type !== "CredentialsSignin") console.error(`[auth] ${type}${why}`);
    },
    warn: () => undefined,
  },
  callbacks: {
    jwt({ token, user, trigger, session }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion;
        token.authTime = Math.floor(Date.now() / 1000);
        // Names this session, so signing out can end it on the server (lib/auth/end-session.ts).
        token.sid = crypto.randomUUID();
      }
      // A password change re-issues the caller's own session with the new version, so only the other
      // sessions end (app/(app)/profile/actions.ts). Only server code can ask: Auth.js's session
      // endpoint is not exposed (lib/auth/auth-routes.ts).
      const update = session as { sessionVersion?: unknown } | undefined;
      if (trigger === "update" && typeof update?.sessionVersion === "number") token.sv = update.sessionVersion;
      // Returning null ends the session (Auth.js clears the cookie).
      return withinAbsoluteLimit(token.authTime, limits) ? token : null;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, sessionVersion: token.sv, sessionId: token.sid };
    },
  },
} satisfies Omit<NextAuthConfig, "providers">;
