import { db } from "../../../lib/db/client";

/**
 * The browser session the in-process reliability tests pretend to have:
 * test files replace Auth.js's `auth()` with `() => session.current`
 * (vi.mock), so the real getCurrentUser still loads the user from the
 * database, and a disabled user or a stale session version is still refused.
 */
export const session: { current: { userId: string; sessionVersion: number } | null } = { current: null };

export async function signInAs(userId: string): Promise<void> {
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
  session.current = { userId, sessionVersion };
}

export function signOutSession(): void {
  session.current = null;
}

/** Stand-ins for the Next.js request-scoped helpers the server actions call. */
export const nextHeadersMock = () => ({
  headers: async () => new Headers({ "user-agent": "vitest reliability", "x-forwarded-for": "10.9.8.7", host: "localhost:3000", origin: "http://localhost:3000" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
});
/** Stand-in for lib/auth/auth.ts: `auth()` answers the pretend session; signing in and out do nothing. */
export const authMock = () => ({
  auth: async () => session.current,
  signIn: async () => undefined,
  signOut: async () => undefined,
  // A password change re-issues the caller's session with the new version (app/(app)/profile/actions.ts).
  updateSession: async (data: { sessionVersion?: number }) => {
    if (session.current && typeof data.sessionVersion === "number") session.current = { ...session.current, sessionVersion: data.sessionVersion };
    return null;
  },
  redirectProviderIds: [],
  handlers: {},
});
export const nextCacheMock = () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined });
export class RedirectSignal extends Error {
  constructor(readonly location: string) {
    super(`NEXT_REDIRECT ${location}`);
  }
}
export const nextNavigationMock = () => ({
  redirect: (location: string) => {
    throw new RedirectSignal(location);
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
});
