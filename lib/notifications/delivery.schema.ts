import { z } from "zod";
import { DELIVERY_STATUSES } from "./deliveries";

export const retryDeliverySchema = z.object({ deliveryId: z.uuid({ message: "Choose a delivery." }) });
export type RetryDeliveryInput = z.infer<typeof retryDeliverySchema>;

/** The delivery log's filter (?status=dead); anything else shows every status. */
export const deliveryFilterSchema = z.object({ status: z.enum(DELIVERY_STATUSES).optional().catch(undefined) });
