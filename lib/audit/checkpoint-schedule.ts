import { checkpointHeads } from "./checkpoint-heads";
import { firstLine, logger } from "../observability/logger";

/**
 * While the app runs, checkpoint the chains that moved every
 * COUNTERSIGN_CHECKPOINT_INTERVAL seconds (default 300). Failures are logged
 * and retried at the next tick; they never stop the app.
 */
export function startCheckpointSchedule(intervalSeconds = Number(process.env.COUNTERSIGN_CHECKPOINT_INTERVAL ?? 300)): () => void {
  let sinceId = 0n;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const result = await checkpointHeads({ sinceId });
      sinceId = result.lastId;
    } catch (error) {
      logger.error({ error: firstLine(error) }, "audit checkpoint failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), Math.max(5, intervalSeconds) * 1000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
