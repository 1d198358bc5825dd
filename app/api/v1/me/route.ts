import { meSchema, type MeBody } from "../_lib/responses";
import { v1Route } from "../_lib/v1-route";

export const dynamic = "force-dynamic";

/** Who the caller is: the smallest authenticated API route (401 JSON without a session). */
export const GET = v1Route({ permission: "profile:read", response: meSchema }, async (_input, { user }): Promise<MeBody> => ({
  id: user.id,
  email: user.email,
  name: user.name,
  appRole: user.appRole,
  signoffRoles: user.signoffRoles,
  projects: user.projects,
  auditorProjectIds: user.auditorProjectIds,
}));
