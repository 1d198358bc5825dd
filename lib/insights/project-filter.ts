import "server-only";
import { Prisma } from "../db/client";
import type { InsightWindow } from "./window";

/**
 * The one project condition of every dashboard figure: `AND <alias>.project_id
 * = …` on the figure's releases when the window names a project
 * (/admin/health?project=<key>), nothing otherwise. Usable in a WHERE or a
 * JOIN's ON.
 */
export function inProject(alias: "r", window: InsightWindow): Prisma.Sql {
  return window.projectId ? Prisma.sql`AND ${Prisma.raw(alias)}.project_id = ${window.projectId}::uuid` : Prisma.empty;
}
