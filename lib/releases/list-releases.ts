import "server-only";
import { z } from "zod";
import { db, type ReleaseStatus } from "../db/client";
import { sqlQuery } from "../db/sql";
import { type Viewer, visibleReleaseCondition } from "./visibility";
import { RELEASE_STATUSES, UNFINISHED_STATUSES } from "./release-status";
import { dateField, wholeNumberField } from "../http/parse-id";

const OPEN_STATUSES: ReleaseStatus[] = [...UNFINISHED_STATUSES];

export const listReleasesSchema = z.object({
  /** Releases of this project only (its key). */
  project: z.string().trim().max(40).regex(/^[a-z0-9-]*$/, "Unknown project.").optional(),
  environment: z.string().trim().max(40).regex(/^[a-z0-9-]*$/, "Unknown environment.").optional(),
  status: z.enum(RELEASE_STATUSES, { message: "Unknown status." }).optional(),
  version: z.string().trim().max(64).optional(),
  from: dateField("From").optional(),
  to: dateField("To").optional(),
  /** Releases signed (live, stale or revoked) by someone whose printed name contains this. */
  signer: z.string().trim().max(120).optional(),
  /** Releases with a signature for this sign-off role. */
  role: z.string().trim().max(60).optional(),
  page: wholeNumberField("page", { min: 1, max: 10_000 }).default(1),
  pageSize: wholeNumberField("pageSize", { min: 1, max: 100 }).default(25),
});
export type ListReleasesInput = z.input<typeof listReleasesSchema>;

export type ReleaseRow = {
  id: string;
  version: string;
  status: ReleaseStatus;
  project: { key: string; name: string };
  environment: { key: string; name: string };
  templateName: string;
  createdAt: Date;
  updatedAt: Date;
  itemsTotal: number;
  itemsDone: number;
  blockedCount: number;
};

/**
 * Open first, as an expression: false (open) sorts before true (closed). The
 * migration 20261206000000_release_list_order indexes exactly this expression
 * with created_at and id, so the first pages come straight off the index.
 */
export const CLOSED_EXPRESSION = (alias: string) => `(${alias}.status NOT IN (${OPEN_STATUSES.map((status) => `'${status}'`).join(", ")}))`;

/** `%`, `_` and `\` in a user's text match themselves in LIKE (as Prisma's startsWith/contains do). */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * The one statement behind listReleases, as text and values: the bench's raw
 * baseline issues exactly this through pg. The page (open first, newest first,
 * id as the tie-break so pages neither overlap nor skip) with environment and
 * template names joined, and the total as a scalar subquery: one row even when
 * the page is past the end. A scalar count rather than `count(*) over ()`,
 * which would push every matching row through the window before the LIMIT and
 * so lose the index order (ADR 019).
 */
export function listReleasesQuery(input: z.output<typeof listReleasesSchema>, viewer: Viewer): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const conditions: string[] = [];
  const visible = visibleReleaseCondition("r", viewer, param);
  if (visible) conditions.push(visible);
  if (input.project) conditions.push(`r.project_id = (SELECT id FROM projects WHERE key = ${param(input.project)})`);
  if (input.environment) conditions.push(`r.environment_id IN (SELECT id FROM environments WHERE key = ${param(input.environment)})`);
  if (input.status) conditions.push(`r.status = ${param(input.status)}::"ReleaseStatus"`);
  if (input.version) conditions.push(`r.version LIKE ${param(`${likeEscape(input.version.replace(/^v(?=\d)/, ""))}%`)}`);
  if (input.signer || input.role) {
    // Releases with a matching signature: a semi-join (EXISTS), answered from the narrow signoffs indexes (ADR 013).
    const signoff = [
      ...(input.signer ? [`s.printed_name ILIKE ${param(`%${likeEscape(input.signer)}%`)}`] : []),
      ...(input.role ? [`s.role = ${param(input.role)}`] : []),
    ];
    conditions.push(`EXISTS (SELECT 1 FROM signoffs s WHERE s.release_id = r.id AND ${signoff.join(" AND ")})`);
  }
  if (input.from) conditions.push(`r.created_at >= ${param(input.from)}`);
  if (input.to) conditions.push(`r.created_at < ${param(new Date(input.to.getTime() + 86_400_000))}`);
  const where = conditions.length ? `WHERE ${conditions.join(" AND ")}` : "";
  // With a project filter: whether that project exists and the viewer may read it (the same visibility rule), so a caller
  // can answer "not found" rather than an empty list, without a second statement.
  const projectFound = input.project
    ? `(SELECT count(*) > 0 FROM (SELECT id AS project_id FROM projects WHERE key = ${param(input.project)}) x${(() => {
        const condition = visibleReleaseCondition("x", viewer, param);
        return condition ? ` WHERE ${condition}` : "";
      })()}) AS "projectFound", `
    : "";
  const limit = param(input.pageSize);
  const offset = param((input.page - 1) * input.pageSize);
  const text = `SELECT ${projectFound}c.total, p.id, p.version, p.status, p."createdAt", p."updatedAt", p."itemsTotal", p."itemsDone", p."blockedCount",
       p."projectKey", p."projectName", p."environmentKey", p."environmentName", p."templateName"
FROM (SELECT count(*)::int AS total FROM releases r ${where}) c
LEFT JOIN LATERAL (
  SELECT r.id::text, r.version, r.status::text, r.created_at AS "createdAt", r.updated_at AS "updatedAt",
         r.items_total AS "itemsTotal", r.items_done AS "itemsDone", r.blocked_count AS "blockedCount",
         pr.key AS "projectKey", pr.name AS "projectName", e.key AS "environmentKey", e.name AS "environmentName", t.name AS "templateName",
         ${CLOSED_EXPRESSION("r")} AS closed, r.created_at AS sort_created, r.id AS sort_id
  FROM releases r
  JOIN projects pr ON pr.id = r.project_id
  JOIN environments e ON e.id = r.environment_id
  JOIN template_versions tv ON tv.id = r.template_version_id
  JOIN templates t ON t.id = tv.template_id
  ${where}
  ORDER BY ${CLOSED_EXPRESSION("r")}, r.created_at DESC, r.id DESC
  LIMIT ${limit} OFFSET ${offset}
) p ON true
ORDER BY p.closed, p.sort_created DESC, p.sort_id DESC`;
  return { text, values };
}

type ListRow = Omit<ReleaseRow, "environment" | "project"> & { total: number; projectFound?: boolean; projectKey: string; projectName: string; environmentKey: string; environmentName: string };

/**
 * Releases with filters; open ones first, newest first within each group. One statement (ADR 019).
 * With a project filter, `projectFound` says whether that project exists and the viewer may read it.
 */
export async function listReleases(raw: ListReleasesInput, viewer: Viewer): Promise<{ releases: ReleaseRow[]; total: number; page: number; pageSize: number; projectFound?: boolean }> {
  const input = listReleasesSchema.parse(raw);
  const { text, values } = listReleasesQuery(input, viewer);
  const rows = await sqlQuery<ListRow | (Pick<ListRow, "total" | "projectFound"> & { id: null })>(text, values);
  const total = rows[0]?.total ?? 0;
  const projectFound = input.project ? rows[0]?.projectFound === true : undefined;
  const releases: ReleaseRow[] = [];
  for (const row of rows) {
    if (row.id === null) continue;
    const { total: _total, projectFound: _found, projectKey, projectName, environmentKey, environmentName, ...release } = row as ListRow;
    releases.push({ ...release, project: { key: projectKey, name: projectName }, environment: { key: environmentKey, name: environmentName } });
  }
  return { releases, total, page: input.page, pageSize: input.pageSize, ...(projectFound === undefined ? {} : { projectFound }) };
}

/** The environments of one project (in their order), or of every project when none is named, each with the keys its gate requires. */
export async function listEnvironments(projectId?: string): Promise<{ id: string; key: string; name: string; requires: string[]; allowMultipleRolesPerSigner: boolean }[]> {
  const environments = await db.environment.findMany({
    where: projectId === undefined ? {} : { projectId },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    include: { gates: true },
  });
  const keyById = new Map(environments.map((environment) => [environment.id, environment.key]));
  return environments.map((environment) => ({
    id: environment.id,
    key: environment.key,
    name: environment.name,
    requires: environment.gates.map((gate) => keyById.get(gate.requiresId) ?? "?"),
    allowMultipleRolesPerSigner: environment.allowMultipleRolesPerSigner,
  }));
}
