import "server-only";
import { z } from "zod";
import { db, type Prisma, type ReleaseStatus } from "../db/client";

export const RELEASE_STATUSES = ["draft", "in_progress", "awaiting_signoff", "approved", "deployed", "rolled_back", "cancelled"] as const;
const OPEN_STATUSES: ReleaseStatus[] = ["draft", "in_progress", "awaiting_signoff", "approved"];

export const listReleasesSchema = z.object({
  environment: z.string().trim().max(40).regex(/^[a-z0-9-]*$/, "Unknown environment.").optional(),
  status: z.enum(RELEASE_STATUSES, { message: "Unknown status." }).optional(),
  version: z.string().trim().max(64).optional(),
  from: z.coerce.date({ message: "From must be a date." }).optional(),
  to: z.coerce.date({ message: "To must be a date." }).optional(),
  /** Releases signed (live, stale or revoked) by someone whose printed name contains this. */
  signer: z.string().trim().max(120).optional(),
  /** Releases with a signature for this sign-off role. */
  role: z.string().trim().max(60).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListReleasesInput = z.input<typeof listReleasesSchema>;

export type ReleaseRow = {
  id: string;
  version: string;
  status: ReleaseStatus;
  environment: { key: string; name: string };
  templateName: string;
  createdAt: Date;
  updatedAt: Date;
  itemsTotal: number;
  itemsDone: number;
  blockedCount: number;
};

/** Releases with filters; open ones first, newest first within each group. */
export async function listReleases(raw: ListReleasesInput): Promise<{ releases: ReleaseRow[]; total: number; page: number; pageSize: number }> {
  const input = listReleasesSchema.parse(raw);
  const where: Prisma.ReleaseWhereInput = {
    ...(input.environment ? { environment: { key: input.environment } } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.version ? { version: { startsWith: input.version.replace(/^v(?=\d)/, "") } } : {}),
    // Releases with a matching signature: a semi-join in the database (EXISTS), not a list of ids.
    ...(input.signer || input.role
      ? {
          signoffs: {
            some: {
              ...(input.signer ? { printedName: { contains: input.signer, mode: "insensitive" as const } } : {}),
              ...(input.role ? { role: input.role } : {}),
            },
          },
        }
      : {}),
    ...(input.from || input.to
      ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: new Date(input.to.getTime() + 86_400_000) } : {}) } }
      : {}),
  };
  const skip = (input.page - 1) * input.pageSize;
  const [total, openCount] = await Promise.all([
    db.release.count({ where }),
    db.release.count({ where: { AND: [where, { status: { in: OPEN_STATUSES } }] } }),
  ]);
  // Open releases first: page through the open ones, then the closed ones.
  const select = {
    id: true,
    version: true,
    status: true,
    createdAt: true,
    updatedAt: true,
    itemsTotal: true,
    itemsDone: true,
    blockedCount: true,
    environment: { select: { key: true, name: true } },
    templateVersionId: true,
  } as const;
  const open = skip < openCount
    ? await db.release.findMany({ where: { AND: [where, { status: { in: OPEN_STATUSES } }] }, orderBy: { createdAt: "desc" }, skip, take: input.pageSize, select })
    : [];
  const closedSkip = Math.max(0, skip - openCount);
  const closedTake = input.pageSize - open.length;
  const closed = closedTake > 0
    ? await db.release.findMany({ where: { AND: [where, { status: { notIn: OPEN_STATUSES } }] }, orderBy: { createdAt: "desc" }, skip: closedSkip, take: closedTake, select })
    : [];
  const rows = [...open, ...closed];
  const versions = await db.templateVersion.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.templateVersionId))] } },
    select: { id: true, template: { select: { name: true } } },
  });
  const names = new Map(versions.map((version) => [version.id, version.template.name]));
  return {
    releases: rows.map(({ templateVersionId, ...row }) => ({ ...row, templateName: names.get(templateVersionId) ?? "" })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

export async function listEnvironments(): Promise<{ id: string; key: string; name: string; requires: string[]; allowMultipleRolesPerSigner: boolean }[]> {
  const environments = await db.environment.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], include: { gates: true } });
  const keyById = new Map(environments.map((environment) => [environment.id, environment.key]));
  return environments.map((environment) => ({
    id: environment.id,
    key: environment.key,
    name: environment.name,
    requires: environment.gates.map((gate) => keyById.get(gate.requiresId) ?? "?"),
    allowMultipleRolesPerSigner: environment.allowMultipleRolesPerSigner,
  }));
}
