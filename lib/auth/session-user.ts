import type { AppRole } from "../db/client";
import { db } from "../db/client";

/** Who is acting, as loaded fresh from the database for every request. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  appRole: AppRole;
  signoffRoles: { key: string; name: string }[];
  sessionVersion: number;
};

export async function loadActiveUser(id: string): Promise<SessionUser | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const user = await db.user.findFirst({
    where: { id, disabledAt: null },
    select: {
      id: true,
      email: true,
      name: true,
      appRole: true,
      sessionVersion: true,
      signoffRoles: { select: { role: { select: { key: true, name: true } } }, orderBy: { role: { name: "asc" } } },
    },
  });
  if (!user) return null;
  return { ...user, signoffRoles: user.signoffRoles.map((entry) => entry.role) };
}

/** A session is valid only while its user is active and nothing has bumped their session version. */
export async function userForSession(id: string, sessionVersion: unknown): Promise<SessionUser | null> {
  const user = await loadActiveUser(id);
  if (!user || user.sessionVersion !== sessionVersion) return null;
  return user;
}
