import { publicBaseUrl } from "@/lib/config/public-url";
import { checkDeploymentGate } from "@/lib/gate/check-gate";
import { gateAnswerSchema, gateQuerySchema } from "@/lib/gate/gate.schema";
import type { GateBody } from "../../../_lib/responses";
import { parseQuery, pathProject, projectKeyOf, v1Route } from "../../../_lib/v1-route";

export const dynamic = "force-dynamic";

/** The deployment gate: may this version be deployed to this environment? (lib/gate/check-gate.ts) */
export const GET = v1Route({ permission: "release:read", response: gateAnswerSchema, project: pathProject, projectKey: projectKeyOf }, async (_input, { request, project }): Promise<GateBody> =>
  checkDeploymentGate(project!, parseQuery(request, gateQuerySchema), publicBaseUrl(request.headers)),
);
