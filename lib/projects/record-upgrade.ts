import { systemContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import type { Sql } from "../db/sql";
import { DEFAULT_PROJECT_ID } from "./default-project";

export const PROJECTS_MIGRATION = "20261207000000_projects";

/**
 * The data step of the projects migration, run by the migration runner in the
 * migration's own transaction right after its SQL (lib/db/migrate.ts): one
 * audit event on the global chain recording what moved into the default
 * project. No existing event is touched; the chain only grows, so every
 * checkpoint written before the upgrade still verifies. A new, empty database
 * (no users, no audit events yet) had nothing to move: no event.
 */
export async function recordProjectsUpgrade(sql: Sql): Promise<void> {
  const [existing] = await sql.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM audit_events) AS found`);
  if (!existing?.found) return;
  const count = async (text: string) => Number((await sql.query<{ n: string }>(text, [DEFAULT_PROJECT_ID]))[0]?.n ?? 0);
  const [project] = await sql.query<{ key: string; name: string }>(`SELECT key, name FROM projects WHERE id = $1::uuid`, [DEFAULT_PROJECT_ID]);
  await appendAuditEvent(sql, systemContext("countersign db migrate"), {
    type: "project.upgraded",
    subject: { kind: "project", id: DEFAULT_PROJECT_ID, label: project?.name ?? "Default project" },
    data: {
      migration: PROJECTS_MIGRATION,
      project: { key: project?.key ?? "default", name: project?.name ?? "Default project" },
      moved: {
        environments: await count(`SELECT count(*) AS n FROM environments WHERE project_id = $1::uuid`),
        gates: await count(`SELECT count(*) AS n FROM environment_gates WHERE project_id = $1::uuid`),
        templates: await count(`SELECT count(*) AS n FROM templates WHERE project_id = $1::uuid`),
        releases: await count(`SELECT count(*) AS n FROM releases WHERE project_id = $1::uuid`),
        apiTokens: await count(`SELECT count(*) AS n FROM api_tokens WHERE $1::uuid IS NOT NULL`),
        contributors: await count(`SELECT count(*) AS n FROM project_members WHERE project_id = $1::uuid AND role = 'contributor'`),
        maintainers: await count(`SELECT count(*) AS n FROM project_members WHERE project_id = $1::uuid AND role = 'maintainer'`),
        roleHoldings: await count(`SELECT count(*) AS n FROM user_signoff_roles WHERE project_id = $1::uuid`),
      },
      organisationWideAuditors: await count(`SELECT count(*) AS n FROM users WHERE app_role = 'auditor' AND $1::uuid IS NOT NULL`),
      admins: await count(`SELECT count(*) AS n FROM users WHERE app_role = 'admin' AND $1::uuid IS NOT NULL`),
    },
  });
}
