import "server-only";
import { notFound, redirect } from "next/navigation";
import { auth } from "./auth";
import { can, type Permission } from "./permissions";
import { type SessionUser, userForSession } from "./session-user";

/** The signed-in, active user of this request, or null. */
export async function getCurrentUser(): Promise<SessionUser | null> {
  const session = (await auth()) as { userId?: string; sessionVersion?: number } | null;
  if (!session?.userId) return null;
  return userForSession(session.userId, session.sessionVersion);
}

/** For pages: sends anonymous visitors to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** For pages: a user without the permission sees "not found", as if the page did not exist. */
export async function requirePermission(permission: Permission): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user, permission)) notFound();
  return user;
}
