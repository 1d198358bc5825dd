import { publicBaseUrl } from "@/lib/config/public-url";
import { checkDeploymentGate } from "@/lib/gate/check-gate";
import { gateEvents } from "@/lib/gate/gate-events";
import { gateAnswerSchema, gateQuerySchema } from "@/lib/gate/gate.schema";
import { eventStreamResponse } from "@/lib/http/event-stream";
import { parseQuery, pathProject, projectKeyOf, v1Route } from "../../../../_lib/v1-route";

export const dynamic = "force-dynamic";

/**
 * The deployment gate as server-sent events, for `countersign gate check
 * --wait` (docs/ci.md; lib/gate/gate-events.ts): the answer at once, then each
 * time it changes. The client closes the stream when it has its answer.
 * Unknown projects, environments and versions answer 404 before the stream
 * opens, like GET …/gate.
 */
export const GET = v1Route({ permission: "release:read", response: gateAnswerSchema, project: pathProject, projectKey: projectKeyOf }, async (_input, { request, project }) => {
  const query = parseQuery(request, gateQuerySchema);
  const base = publicBaseUrl(request.headers);
  const read = () => checkDeploymentGate(project!, query, base);
  return eventStreamResponse(request, 1000, gateEvents(read, await read()));
});
