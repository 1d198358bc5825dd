import autocannon from "autocannon";
import { LatencyRecorder, type LatencySummary } from "./stats";

export type RequestPlan = { method?: "GET" | "PATCH" | "POST"; path: string; body?: string; headers?: Record<string, string> };

/**
 * Drives the app with autocannon for `seconds` at `connections`, each request
 * built by `next()`. Latencies are recorded per response (autocannon's own
 * summary has no p95). Responses that are not 2xx count as errors.
 */
export function runLoad(options: {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  next: () => RequestPlan;
}): Promise<LatencySummary & { statuses: Record<string, number> }> {
  const recorder = new LatencyRecorder();
  const statuses: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        headers: options.headers,
        requests: [
          {
            setupRequest: (request) => {
              const plan = options.next();
              return {
                ...request,
                method: plan.method ?? "GET",
                path: plan.path,
                body: plan.body,
                headers: { ...request.headers, ...options.headers, ...plan.headers },
              };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({ ...recorder.summary(result.duration), statuses });
      },
    );
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      recorder.record(responseTime, statusCode >= 200 && statusCode < 300);
    });
  });
}
