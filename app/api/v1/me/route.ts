import { apiRoute } from "@/lib/auth/api-route";

export const dynamic = "force-dynamic";

/** Who the caller is: the smallest authenticated API route (401 JSON without a session). */
export const GET = apiRoute({ permission: "profile:read" }, async (_input, { user }) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  appRole: user.appRole,
  signoffRoles: user.signoffRoles,
}));
