import "server-only";
import { db } from "../db/client";
import { type AuditContext, systemContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { randomSecret } from "../db/embedded";
import { DEFAULT_SIGNOFF_ROLES } from "../roles/default-signoff-roles";
import { createUser } from "../users/create-user";
import { importTemplate } from "../templates/import-template";
import { DEFAULT_PROJECT_ID } from "../projects/default-project";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { demoUsers } from "./factories";

export type SeedResult =
  | { seeded: false }
  | { seeded: true; password: string; generated: boolean; users: { email: string; name: string; role: string }[] };

/** Makes sure the default sign-off roles exist (idempotent), each creation audited. */
export async function ensureDefaultSignoffRoles(context: AuditContext = systemContext("seed")): Promise<void> {
  const existing = new Set((await db.signoffRole.findMany({ select: { key: true } })).map((role) => role.key));
  for (const spec of DEFAULT_SIGNOFF_ROLES.filter((role) => !existing.has(role.key))) {
    await db.$transaction(async (tx) => {
      const inserted = await tx.signoffRole.createManyAndReturn({ data: [{ ...spec }], skipDuplicates: true });
      const role = inserted[0];
      if (!role) return; // another instance created it meanwhile
      await appendAuditEvent(tx, context, {
        type: "signoff_role.created",
        subject: { kind: "signoff_role", id: role.id, label: role.name },
        data: { after: { key: role.key, name: role.name } },
      });
    });
  }
}

export const REFERENCE_TEMPLATE_FILE = path.join(
  /* turbopackIgnore: true */ process.env.COUNTERSIGN_ROOT ?? process.cwd(),
  "lib/seed/templates/mgit-production-checklist.md",
);

/** Imports the reference checklist when there are no templates yet. */
export async function ensureReferenceTemplate(context: AuditContext = systemContext("seed")): Promise<boolean> {
  if ((await db.template.count()) > 0) return false;
  await importTemplate(context, { markdown: await readFile(REFERENCE_TEMPLATE_FILE, "utf8"), sourceName: "mgit-production-checklist.md", projectId: DEFAULT_PROJECT_ID });
  return true;
}

/**
 * Seeds the demo users on an empty database: an admin, a member, an auditor
 * one user per default sign-off role, and the reference checklist as a
 * template. Does nothing when users exist.
 */
export async function seedDemo(password = process.env.COUNTERSIGN_DEMO_PASSWORD, context: AuditContext = systemContext("seed")): Promise<SeedResult> {
  await ensureDefaultSignoffRoles(context);
  if ((await db.user.count()) > 0) return { seeded: false };
  await ensureReferenceTemplate(context);
  const generated = !password;
  const demoPassword = password || randomSecret(12);
  const users = demoUsers();
  for (const user of users) {
    await createUser(context, { ...user, password: demoPassword });
  }
  return {
    seeded: true,
    password: demoPassword,
    generated,
    users: users.map((user) => ({ email: user.email, name: user.name, role: user.label })),
  };
}
