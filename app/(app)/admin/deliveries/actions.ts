"use server";

import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/auth/action";
import { formAction } from "@/app/_lib/form-action";
import { retryDelivery } from "@/lib/notifications/retry-delivery";
import { retryDeliverySchema } from "@/lib/notifications/delivery.schema";

export const retryDeliveryAction = formAction(validatedAction({ name: "retryDelivery", permission: "delivery:manage", schema: retryDeliverySchema }, async (input) => {
  await retryDelivery(input.deliveryId);
  revalidatePath("/admin/deliveries");
  return { message: "Queued for another try." };
}));
