import "server-only";
import { db } from "../db/client";
import { randomSecret } from "../db/embedded";
import { DEFAULT_SIGNOFF_ROLES } from "../roles/default-signoff-roles";
import { createUser } from "../users/create-user";
import { demoUsers } from "./factories";

export type SeedResult =
  | { seeded: false }
  | { seeded: true; password: string; generated: boolean; users: { email: string; name: string; role: string }[] };

/** Makes sure the default sign-off roles exist (idempotent). */
export async function ensureDefaultSignoffRoles(): Promise<void> {
  await db.signoffRole.createMany({ data: DEFAULT_SIGNOFF_ROLES.map((role) => ({ ...role })), skipDuplicates: true });
}

/**
 * Seeds the demo users on an empty database: an admin, a member, an auditor
 * and one user per default sign-off role. Does nothing when users exist.
 */
export async function seedDemo(password = process.env.COUNTERSIGN_DEMO_PASSWORD): Promise<SeedResult> {
  await ensureDefaultSignoffRoles();
  if ((await db.user.count()) > 0) return { seeded: false };
  const generated = !password;
  const demoPassword = password || randomSecret(12);
  const users = demoUsers();
  for (const user of users) {
    await createUser({ ...user, password: demoPassword });
  }
  return {
    seeded: true,
    password: demoPassword,
    generated,
    users: users.map((user) => ({ email: user.email, name: user.name, role: user.label })),
  };
}
