import pg from "pg";
import { can, isAppRole } from "../auth/permissions";
import { applicableItems } from "../releases/release-items";
import { signoffRoleNames, templateDocumentSchema } from "../templates/document";
import { type PlanEnvironment, type PlannedRelease, type PlanTemplate, type PlanUser, planRelease, seededRandom } from "./plan-release";

/**
 * `countersign dev generate`: a realistic dataset for benchmarks and
 * dashboards. Releases of the newest version of a template (the reference
 * checklist by default) spread over the past year, in staging/production
 * pairs, most worked through, signed and deployed, some rolled back or
 * cancelled, the newest still open. Each release's item states, sign-offs
 * and audit chain are planned by plan-release.ts in the use cases' own
 * shapes and hashes, then written with multi-row INSERTs (unnest), a batch
 * of releases per transaction. Every chain verifies.
 */

export type GenerateOptions = {
  /** A connection string for the app's database (the runtime role suffices). */
  url: string;
  releases: number;
  /** At least this many audit events in all; note edits are added to reach it. */
  events: number;
  seed?: number;
  templateName?: string;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
};

export type GenerateResult = { releases: number; itemStates: number; events: number; signoffs: number; seconds: number };

const DEFAULT_TEMPLATE = "mgit Production Deployment Checklist";
const YEAR_MS = 364 * 24 * 3_600_000;

export class GenerateError extends Error {}

async function loadContext(client: pg.PoolClient, templateName: string) {
  // The template first: the releases go into its project, with that project's environments, workers and role holders.
  const { rows: versions } = await client.query<{ id: string; name: string; version: number; document: unknown; project_id: string }>(
    `SELECT v.id::text, t.name, v.version, v.document, t.project_id::text FROM template_versions v JOIN templates t ON t.id = v.template_id
     WHERE t.name = $1 ORDER BY v.version DESC, t.created_at LIMIT 1`,
    [templateName],
  );
  const row = versions[0];
  const { rows: users } = await client.query<{ id: string; name: string; email: string; app_role: string; project_role: "maintainer" | "contributor" | null; roles: string[] }>(
    `SELECT u.id::text, u.name, u.email, u.app_role::text, m.role::text AS project_role,
            coalesce(array_agg(r.name ORDER BY r.name) FILTER (WHERE r.name IS NOT NULL), '{}') AS roles
     FROM users u
     LEFT JOIN project_members m ON m.user_id = u.id AND m.project_id = $1::uuid
     LEFT JOIN user_signoff_roles ur ON ur.user_id = u.id AND ur.project_id = $1::uuid LEFT JOIN signoff_roles r ON r.id = ur.role_id
     WHERE u.disabled_at IS NULL GROUP BY u.id, m.role ORDER BY u.email`,
    [row?.project_id ?? null],
  );
  const planUsers: PlanUser[] = users.map((user) => ({ id: user.id, name: user.name, email: user.email, appRole: user.app_role, signoffRoles: user.roles }));
  const project = { id: row?.project_id ?? "" };
  const workers = planUsers.filter((user, index) => {
    const membership = users[index]!.project_role;
    return isAppRole(user.appRole) && can({ appRole: user.appRole, projects: membership ? [{ id: project.id, role: membership }] : [] }, "item:update", project);
  });
  if (workers.length === 0) throw new GenerateError("No active admin or member users: run `countersign db seed` first.");
  if (!row) throw new GenerateError(`No template named "${templateName}": import it or run \`countersign db seed\` first.`);
  const { rows: environments } = await client.query<PlanEnvironment>(`SELECT id::text, key, name FROM environments WHERE project_id = $1::uuid ORDER BY position, key`, [row.project_id]);
  const staging = environments.find((environment) => environment.key === "staging") ?? environments[0];
  const production = environments.find((environment) => environment.key === "production") ?? environments.at(-1);
  if (!staging || !production) throw new GenerateError("No environments: run `countersign db migrate` first.");
  const document = templateDocumentSchema.parse(row.document);
  const template: PlanTemplate = {
    versionId: row.id,
    name: row.name,
    version: row.version,
    document,
    itemsByEnvironment: new Map(environments.map((environment) => [environment.key, applicableItems(document, environment.key)])),
    roles: signoffRoleNames(document),
    contactRoles: document.blocks.flatMap((block) => (block.kind === "contacts" ? block.roles : [])),
  };
  const signers = new Map<string, PlanUser>();
  for (const role of template.roles) {
    const holder = planUsers.find((user) => user.signoffRoles.includes(role) && !Array.from(signers.values()).includes(user));
    if (holder) signers.set(role, holder);
  }
  return { workers, staging, production, template, signers };
}

function fateOf(index: number, total: number, random: () => number) {
  if (index >= total - Math.max(2, Math.round(total * 0.02))) return random() < 0.7 ? "open" : "awaiting_signoff";
  const roll = random();
  if (roll < 0.05) return "rolled_back";
  if (roll < 0.1) return "cancelled";
  if (roll < 0.12) return "approved";
  return "deployed";
}

async function insertBatch(client: pg.PoolClient, batch: PlannedRelease[], templateVersionId: string): Promise<void> {
  await client.query(
    `INSERT INTO releases (id, project_id, version, environment_id, template_version_id, status, contacts, created_by_id, created_at, updated_at,
                           items_total, items_done, required_open, blocked_count, outcome_reason, rollback_trigger)
     SELECT id, (SELECT e.project_id FROM environments e WHERE e.id = t.environment_id), version, environment_id, $4::uuid, status::"ReleaseStatus", contacts::jsonb, created_by_id, created_at, updated_at,
            items_total, items_done, required_open, blocked_count, outcome_reason, rollback_trigger
     FROM unnest($1::uuid[], $2::text[], $3::uuid[], $5::text[], $6::text[], $7::uuid[], $8::timestamptz[], $9::timestamptz[],
                 $10::int[], $11::int[], $12::int[], $13::int[], $14::text[], $15::text[])
       AS t(id, version, environment_id, status, contacts, created_by_id, created_at, updated_at,
            items_total, items_done, required_open, blocked_count, outcome_reason, rollback_trigger)`,
    [
      batch.map((release) => release.id),
      batch.map((release) => release.version),
      batch.map((release) => release.environment.id),
      templateVersionId,
      batch.map((release) => release.status),
      batch.map((release) => JSON.stringify(release.contacts)),
      batch.map((release) => release.createdById),
      batch.map((release) => release.createdAt),
      batch.map((release) => release.updatedAt),
      batch.map((release) => release.itemsTotal),
      batch.map((release) => release.itemsDone),
      batch.map((release) => release.requiredOpen),
      batch.map((release) => release.blockedCount),
      batch.map((release) => release.outcomeReason),
      batch.map((release) => release.rollbackTrigger),
    ],
  );
  const items = batch.flatMap((release) => release.items.map((item) => ({ releaseId: release.id, ...item })));
  await client.query(
    `INSERT INTO item_states (release_id, item_key, status, reason, note, evidence_links, assignee_id, required, position,
                              updated_by_id, updated_by_name, updated_at, version)
     SELECT release_id, item_key, status::"ItemStatus", reason, note, evidence_links::text[], NULL, required, position,
            updated_by_id, updated_by_name, updated_at, version
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::int[],
                 $9::uuid[], $10::text[], $11::timestamptz[], $12::int[])
       AS t(release_id, item_key, status, reason, note, evidence_links, required, position, updated_by_id, updated_by_name, updated_at, version)`,
    [
      items.map((item) => item.releaseId),
      items.map((item) => item.itemKey),
      items.map((item) => item.status),
      items.map((item) => item.reason),
      items.map((item) => item.note),
      // An array of arrays cannot be unnested row by row; each row's links travel as an array literal.
      items.map((item) => `{${item.evidenceLinks.map((link) => JSON.stringify(link)).join(",")}}`),
      items.map((item) => item.required),
      items.map((item) => item.position),
      items.map((item) => item.updatedById),
      items.map((item) => item.updatedByName),
      items.map((item) => item.updatedAt),
      items.map((item) => item.version),
    ],
  );
  const events = batch.flatMap((release) => release.events);
  await client.query(
    `INSERT INTO audit_events (chain, seq, type, occurred_at, actor, subject, data, origin, prev_hash, hash)
     SELECT chain, seq, type, occurred_at, actor::jsonb, subject::jsonb, data::jsonb, origin::jsonb, prev_hash, hash
     FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       AS t(chain, seq, type, occurred_at, actor, subject, data, origin, prev_hash, hash)`,
    [
      events.map((event) => event.chain),
      events.map((event) => event.seq),
      events.map((event) => event.type),
      events.map((event) => event.occurredAt),
      events.map((event) => JSON.stringify(event.actor)),
      events.map((event) => JSON.stringify(event.subject)),
      events.map((event) => JSON.stringify(event.data)),
      events.map((event) => JSON.stringify(event.origin)),
      events.map((event) => event.prevHash),
      events.map((event) => event.hash),
    ],
  );
  const signoffs = batch.flatMap((release) => release.signoffs.map((signoff) => ({ releaseId: release.id, ...signoff })));
  if (signoffs.length === 0) return;
  await client.query(
    `INSERT INTO signoffs (id, release_id, role, signer_id, printed_name, meaning, signed_at, content_hash, covered_items, audit_seq, audit_hash, status)
     SELECT id, release_id, role, signer_id, printed_name, meaning, signed_at, content_hash, covered_items::text[], audit_seq, audit_hash, 'active'
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::int[], $11::text[])
       AS t(id, release_id, role, signer_id, printed_name, meaning, signed_at, content_hash, covered_items, audit_seq, audit_hash)`,
    [
      signoffs.map((signoff) => signoff.id),
      signoffs.map((signoff) => signoff.releaseId),
      signoffs.map((signoff) => signoff.role),
      signoffs.map((signoff) => signoff.signerId),
      signoffs.map((signoff) => signoff.printedName),
      signoffs.map((signoff) => signoff.meaning),
      signoffs.map((signoff) => signoff.signedAt),
      signoffs.map((signoff) => signoff.contentHash),
      signoffs.map((signoff) => `{${signoff.coveredItems.map((key) => JSON.stringify(key)).join(",")}}`),
      signoffs.map((signoff) => signoff.auditSeq),
      signoffs.map((signoff) => signoff.auditHash),
    ],
  );
}

export async function generateDataset(options: GenerateOptions): Promise<GenerateResult> {
  if (!Number.isInteger(options.releases) || options.releases < 1 || options.releases > 1_000_000) {
    throw new GenerateError("--releases must be a whole number from 1 to 1,000,000.");
  }
  if (!Number.isInteger(options.events) || options.events < 0 || options.events > 100_000_000) {
    throw new GenerateError("--events must be a whole number from 0 to 100,000,000.");
  }
  const started = performance.now();
  const pool = new pg.Pool({ connectionString: options.url, max: 1 });
  const client = await pool.connect();
  try {
    const { workers, staging, production, template, signers } = await loadContext(client, options.templateName ?? DEFAULT_TEMPLATE);
    const random = seededRandom(options.seed ?? 1);
    const now = Date.now();
    const start = now - YEAR_MS;
    const { rows: existing } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM releases`);
    const runTag = `g${(existing[0]?.n ?? 0).toString(36)}`;
    const result: GenerateResult = { releases: 0, itemStates: 0, events: 0, signoffs: 0, seconds: 0 };
    const batchSize = options.batchSize ?? 100;
    let planned = 0;
    for (let first = 0; first < options.releases; first += batchSize) {
      const batch: PlannedRelease[] = [];
      for (let index = first; index < Math.min(options.releases, first + batchSize); index += 1) {
        const pair = Math.floor(index / 2);
        const environment = index % 2 === 0 ? staging : production;
        const createdAt = new Date(start + Math.floor(((now - start - 86_400_000) * index) / options.releases) + (index % 2) * 3_600_000);
        // Each release draws from its own seeded source, so planning it again with extra edits keeps the same path.
        const plan = (extraEvents: number) =>
          planRelease({
            random: seededRandom((options.seed ?? 1) * 1_000_003 + index),
            version: `${new Date(createdAt).getUTCFullYear()}.${pair + 1}.0-${runTag}`,
            environment,
            template,
            createdAt,
            fate,
            extraEvents,
            workers,
            signers,
          });
        const fate = fateOf(index, options.releases, random);
        let release = plan(0);
        // Short of the requested number of events so far? Plan this release again with note edits to catch up.
        const wanted = Math.ceil((options.events * (index + 1)) / options.releases) - planned;
        if (release.events.length < wanted) release = plan(wanted - release.events.length);
        planned += release.events.length;
        batch.push(release);
      }
      await client.query("BEGIN");
      try {
        await insertBatch(client, batch, template.versionId);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      result.releases += batch.length;
      for (const release of batch) {
        result.itemStates += release.items.length;
        result.events += release.events.length;
        result.signoffs += release.signoffs.length;
      }
      options.onProgress?.(result.releases, options.releases);
    }
    await client.query("ANALYZE releases; ANALYZE item_states; ANALYZE audit_events; ANALYZE signoffs");
    result.seconds = (performance.now() - started) / 1000;
    return result;
  } finally {
    client.release();
    await pool.end();
  }
}
