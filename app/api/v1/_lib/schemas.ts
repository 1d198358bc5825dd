import { z } from "zod";
import { requireReason, setItemStateSchema } from "@/lib/releases/release.schema";

/**
 * Request schemas of /api/v1 that are not a use case's own schema. They are
 * built from the use case's fields, so the limits (note length, number and
 * scheme of evidence links, ...) stay defined in one place.
 */

const item = setItemStateSchema.shape;

/**
 * PATCH /api/v1/releases/{id}/items/{itemKey}. Unknown fields are refused
 * (a typo such as "evidenceLink" must not be silently dropped). With the
 * ids from the path (checked by releaseIdOf and itemKeyOf) this is the whole
 * change: the body is validated here once, the use case does not again.
 */
export const patchItemBodySchema = z.strictObject({
  status: item.status,
  reason: item.reason,
  note: item.note,
  evidenceLinks: item.evidenceLinks,
  assigneeId: item.assigneeId,
  expectedVersion: item.expectedVersion.optional(),
}).superRefine(requireReason);
export type PatchItemBody = z.output<typeof patchItemBodySchema>;

export const itemsQuerySchema = z.object({
  title: z.string().max(500, "title is at most 500 characters.").optional(),
});
