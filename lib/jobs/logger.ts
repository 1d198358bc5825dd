import { Logger } from "graphile-worker";
import { logger } from "../observability/logger";

/** graphile-worker's log lines into the app's structured log (pino), debug noise left out. */
export const jobLogger = new Logger((scope) => (level, message, meta) => {
  const fields = { component: "jobs", ...(scope.label ? { label: scope.label } : {}), ...(scope.taskIdentifier ? { task: scope.taskIdentifier } : {}), ...(scope.jobId ? { jobId: scope.jobId } : {}) };
  if (level === "error") logger.error({ ...fields, meta }, message);
  else if (level === "warning") logger.warn(fields, message);
  // Start and stop at info; each job's "Completed task" line is debug (deliveries log their own outcome).
  else if (level === "info" && !message.startsWith("Completed task")) logger.info(fields, message);
  else logger.debug(fields, message);
});
