import { metrics } from "@/lib/observability/metrics";
import { metricsAccess } from "@/lib/observability/metrics-access";

export const dynamic = "force-dynamic";

/**
 * Prometheus scrape endpoint (text exposition format), behind a bearer
 * token: 404 while COUNTERSIGN_METRICS_TOKEN is unset, 401 without the
 * right token. Reports this instance only; scrape every instance.
 */
export async function GET(request: Request): Promise<Response> {
  const access = metricsAccess(request.headers.get("authorization"), process.env.COUNTERSIGN_METRICS_TOKEN);
  if (access === "disabled") {
    return Response.json(
      { error: { code: "NOT_FOUND", message: "Metrics are disabled. Set COUNTERSIGN_METRICS_TOKEN to enable /api/metrics." } },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
  }
  if (access === "denied") {
    return Response.json(
      { error: { code: "UNAUTHENTICATED", message: "Send the metrics token as Authorization: Bearer <token>." } },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" } },
    );
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
}
