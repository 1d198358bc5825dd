import { z } from "zod";
import { setItemStateSchema } from "@/lib/releases/release.schema";

/**
 * Request schemas of /api/v1 that are not a use case's own schema. They are
 * built from the use case's fields, so the limits (note length, number and
 * scheme of evidence links, ...) stay defined in one place.
 */

const item = setItemStateSchema.shape;

/**
 * PATCH /api/v1/releases/{id}/items/{itemKey}. Unknown fields are refused
 * (a typo such as "evidenceLink" must not be silently dropped). The
 * "reason required for na/blocked" rule is checked with the full use-case
 * schema once the path is known.
 */
export const patchItemBodySchema = z.strictObject({
  status: item.status,
  reason: item.reason,
  note: item.note,
  evidenceLinks: item.evidenceLinks,
  assigneeId: item.assigneeId,
  expectedVersion: item.expectedVersion.optional(),
});
export type PatchItemBody = z.output<typeof patchItemBodySchema>;

export const itemsQuerySchema = z.object({
  title: z.string().max(500, "title is at most 500 characters.").optional(),
});
