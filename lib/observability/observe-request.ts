import { logger } from "./logger";
import { observeRequest } from "./metrics";
import { currentRequestContext, REQUEST_ID_HEADER, type RequestContext, requestIdFrom, runWithRequestContext } from "./request-context";

/**
 * Runs one request (an API call or a server action) inside its request
 * context, then records its duration in the metrics and writes one log
 * line: route pattern, method, status, duration, request id, user id.
 * Never bodies, never headers.
 */
export async function observed<R>(
  request: { route: string; method: string; headers: Pick<Headers, "get"> | null },
  run: (context: RequestContext) => Promise<R>,
  statusOf: (result: R, context: RequestContext) => number,
): Promise<R> {
  const context: RequestContext = { requestId: requestIdFrom(request.headers) };
  return runWithRequestContext(context, async () => {
    const started = performance.now();
    let status = 500;
    try {
      const result = await run(context);
      status = statusOf(result, context);
      return result;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      observeRequest(request.route, request.method, status, seconds);
      logger.info(
        { route: request.route, method: request.method, status, durationMs: Math.round(seconds * 10_000) / 10, userId: context.userId ?? null },
        "request",
      );
    }
  });
}

/** The wrappers call this once they know who is calling. */
export function noteRequestUser(userId: string): void {
  const context = currentRequestContext();
  if (context) context.userId = userId;
}

/** The wrappers call this when a request fails with a known HTTP status (an action's result carries none). */
export function noteRequestStatus(status: number): void {
  const context = currentRequestContext();
  if (context) context.status = status;
}

/** Echo the request id to the caller, so a user can quote it and an operator can find the log lines. */
export function withRequestIdHeader(response: Response, context: RequestContext): Response {
  try {
    if (!response.headers.has(REQUEST_ID_HEADER)) response.headers.set(REQUEST_ID_HEADER, context.requestId);
  } catch {
    // Immutable headers (a proxied response): leave them.
  }
  return response;
}
