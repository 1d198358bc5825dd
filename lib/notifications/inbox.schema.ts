import { z } from "zod";

/** Mark read: `id` one notification, or `all`. */
export const markReadSchema = z.union([
  z.object({ all: z.literal("true", { message: "Choose a notification." }) }),
  z.object({ id: z.uuid({ message: "Choose a notification." }) }),
]);
export type MarkReadInput = z.infer<typeof markReadSchema>;
