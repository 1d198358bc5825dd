import "server-only";
import { sqlTransaction } from "../db/sql";
import { AppError } from "../errors/app-error";
import { enqueueJob } from "../jobs/enqueue";
import { SEND_TASK } from "./deliveries";

/**
 * An admin retries a dead (or cancelled) delivery: it is pending again with a
 * fresh set of tries, and its first try is queued now. Only admins reach this
 * (the page and the action check `deliveries.manage`).
 */
export async function retryDelivery(deliveryId: string): Promise<void> {
  await sqlTransaction(async (sql) => {
    const [row] = await sql.query<{ status: string }>(`SELECT status FROM deliveries WHERE id = $1::uuid FOR UPDATE`, [deliveryId]);
    if (!row) throw new AppError("NOT_FOUND", "Delivery not found.");
    if (row.status !== "dead" && row.status !== "cancelled") throw new AppError("CONFLICT", `This delivery is ${row.status}; only dead or cancelled deliveries can be retried.`);
    await sql.query(`UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now() WHERE id = $1::uuid`, [deliveryId]);
    await enqueueJob(sql, SEND_TASK, { deliveryId }, { jobKey: `delivery:${deliveryId}`, maxAttempts: 3 });
  });
}
