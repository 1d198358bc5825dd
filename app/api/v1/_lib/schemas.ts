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
export const patchItemBodySchema = z
  .strictObject({
  status: item.status,
  reason: item.reason,
  note: item.note,
  evidenceLinks: item.evidenceLinks,
  assigneeId: item.assigneeId,
  expectedVersion: item.expectedVersion.optional(),
  })
  .superRefine(requireReason)
  .meta({
    examples: [
      { status: "done", evidenceLinks: ["https://ci.example.com/build/42"] },
      { status: "na", reason: "No breaking changes in this release." },
    ],
  });
export type PatchItemBody = z.output<typeof patchItemBodySchema>;

export const itemsQuerySchema = z.object({
  title: z.string().max(500, "title is at most 500 characters.").optional(),
});

/** GET /api/v1/audit/verify?chain=: the global chain or one release's. */
export const verifyQuerySchema = z.object({
  chain: z.string().regex(/^(global|release:[0-9a-f-]{36})$/, "Unknown chain.").optional(),
});

/** Path ids: a release id is a UUID, an item key lowercase letters, digits and dashes. Anything else is simply not found. */
export const releaseIdParamSchema = z.uuid();
export const itemKeyParamSchema = z.string().regex(/^[a-z0-9-]{1,40}$/);
export const projectKeyParamSchema = z.string().regex(/^[a-z0-9-]{2,40}$/);
