import { checkReadiness } from "@/lib/ops/check-readiness";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database answers and migrations are current, else 503. */
export async function GET(): Promise<Response> {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
