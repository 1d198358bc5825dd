import "server-only";
import { db } from "../db/client";
import { type AuditContext, systemContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { randomSecret } from "../db/embedded";
import { DEFAULT_SIGNOFF_ROLES } from "../roles/default-signoff-roles";
import { createUser } from "../users/create-user";
import { importTemplate } from "../templates/import-template";
import { addProjectMember } from "../projects/add-project-member";
import { addRoleHolder } from "../projects/add-role-holder";
import { createProject } from "../projects/create-project";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DEMO_PROJECTS, demoUsers } from "./factories";

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

/** Where the demo's checklists are read from (the repository, or COUNTERSIGN_ROOT for an installed copy). */
const seedFile = (file: string) => path.join(/* turbopackIgnore: true */ process.env.COUNTERSIGN_ROOT ?? process.cwd(), file);

export const REFERENCE_TEMPLATE_FILE = seedFile("lib/seed/templates/mgit-production-checklist.md");

/**
 * Seeds an empty database for a demo (issue 11): the projects mgit (the
 * reference checklist) and billing (a shorter one), each with its staging
 * and production, and the demo users (lib/seed/factories.ts): mgit's eight
 * role holders and a contributor, billing's own holders (one of them QA Lead
 * of mgit as well), an admin and an organisation-wide auditor. Every step
 * goes through the use cases, so each is audited as it would be by hand.
 * The project `default` (made by the migration) is left empty: nobody is a
 * member, so only admins and organisation-wide auditors see it. Does
 * nothing when users exist.
 */
export async function seedDemo(password = process.env.COUNTERSIGN_DEMO_PASSWORD, context: AuditContext = systemContext("seed")): Promise<SeedResult> {
  await ensureDefaultSignoffRoles(context);
  if ((await db.user.count()) > 0) return { seeded: false };
  for (const spec of DEMO_PROJECTS) {
    const project = (await db.project.findUnique({ where: { key: spec.key }, select: { id: true } })) ?? (await createProject(context, { key: spec.key, name: spec.name, description: spec.description }));
    if ((await db.template.count({ where: { projectId: project.id } })) === 0) {
      await importTemplate(context, { markdown: await readFile(seedFile(spec.template.file), "utf8"), sourceName: path.basename(spec.template.file), projectId: project.id });
    }
  }
  const generated = !password;
  const demoPassword = password || randomSecret(12);
  const users = demoUsers();
  for (const user of users) {
    await createUser(context, { email: user.email, name: user.name, appRole: user.appRole, signoffRoles: [], password: demoPassword }, { joinDefaultProject: false });
    for (const membership of user.memberships) {
      await addProjectMember(context, { project: membership.project, user: user.email, role: membership.role });
      for (const role of membership.signoffRoles) await addRoleHolder(context, { project: membership.project, user: user.email, role });
    }
  }
  return {
    seeded: true,
    password: demoPassword,
    generated,
    users: users.map((user) => ({ email: user.email, name: user.name, role: user.label })),
  };
}
