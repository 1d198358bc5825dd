import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { AppError } from "../errors/app-error";
import { originFromHeaders } from "./request-origin";
import { logger } from "../observability/logger";
import { verifyCredentials } from "./verify-credentials";

/**
 * Auth.js with email + password (Credentials) and JWT sessions. The JWT
 * only names the user and their session version; every request reloads the
 * user (lib/auth/current-user.ts), so disabling a user or changing their
 * roles ends their sessions at once. See docs/decisions/003.
 */

class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}
class UnavailableSignIn extends CredentialsSignin {
  code = "unavailable";
}

const maxAge = Number(process.env.COUNTERSIGN_SESSION_MAX_AGE ?? 8 * 60 * 60);
/** However active, a session ends this long after sign-in. */
export const ABSOLUTE_SESSION_SECONDS = 7 * 24 * 60 * 60;

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge, updateAge: 5 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    // Auth.js logs the full error on failed sign-ins; keep only its name.
    error: (error) => {
      // Minified builds rename error classes; Auth.js's `type` survives.
      const type = (error as { type?: string }).type ?? error.name;
      if (type !== "CredentialsSignin") logger.error({ type }, "authentication error");
    },
    warn: () => undefined,
  },
  providers: [
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
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion;
        token.authTime = Math.floor(Date.now() / 1000);
      }
      const authTime = typeof token.authTime === "number" ? token.authTime : 0;
      if (Date.now() / 1000 - authTime > ABSOLUTE_SESSION_SECONDS) return null;
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, sessionVersion: token.sv };
    },
  },
});
