import "server-only";
import { db } from "../db/client";
import { type InsightWindow, insightWindow } from "./window";
import { inProject } from "./project-filter";

/**
 * The checklist items most often marked N/A or blocked, in releases created
 * in the window: how many of those releases have the item N/A, and how many
 * have it blocked, right now. Items are told apart by template and key (keys
 * are stable across a template's versions); the title is the one in the
 * template's newest version that still has the item. One aggregate.
 */

export const TOP_ITEMS = 10;

export type BlockedItemRow = { template_name: string; item_key: string; title: string | null; na: number; blocked: number };
export type BlockedItem = { template: string; key: string; title: string; na: number; blocked: number };

export function shapeBlockedItems(rows: BlockedItemRow[]): BlockedItem[] {
  return rows.map((row) => ({ template: row.template_name, key: row.item_key, title: row.title ?? row.item_key, na: row.na, blocked: row.blocked }));
}

export async function getBlockedItems(window: InsightWindow = insightWindow(), limit: number = TOP_ITEMS): Promise<BlockedItem[]> {
  const rows = await db.$queryRaw<BlockedItemRow[]>`
    WITH counts AS (
      SELECT tv.template_id, s.item_key,
             count(*) FILTER (WHERE s.status = 'na')::int AS na,
             count(*) FILTER (WHERE s.status = 'blocked')::int AS blocked
      FROM releases r
      JOIN item_states s ON s.release_id = r.id
      JOIN template_versions tv ON tv.id = r.template_version_id
      WHERE r.created_at >= ${window.since} ${inProject("r", window)} AND s.status IN ('na', 'blocked')
      GROUP BY tv.template_id, s.item_key
      ORDER BY count(*) DESC, s.item_key
      LIMIT ${limit}
    )
    SELECT t.name AS template_name, c.item_key, c.na, c.blocked,
           (SELECT jsonb_path_query_first(v.document, '$.blocks[*].subsections[*].items[*] ? (@.key == $key).title', jsonb_build_object('key', c.item_key)) #>> '{}'
            FROM template_versions v
            WHERE v.template_id = c.template_id
              AND jsonb_path_exists(v.document, '$.blocks[*].subsections[*].items[*] ? (@.key == $key)', jsonb_build_object('key', c.item_key))
            ORDER BY v.version DESC LIMIT 1) AS title
    FROM counts c JOIN templates t ON t.id = c.template_id
    ORDER BY c.na + c.blocked DESC, c.item_key`;
  return shapeBlockedItems(rows);
}
