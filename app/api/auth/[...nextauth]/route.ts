import { handlers, redirectProviderIds } from "@/lib/auth/auth";
import { isExposedAuthRoute } from "@/lib/auth/auth-routes";
import { jsonError } from "@/lib/auth/api-route";
import { AppError } from "@/lib/errors/app-error";

/**
 * Auth.js's HTTP endpoints, closed except for what sign-in needs
 * (lib/auth/auth-routes.ts): signing in and out go through the app's own
 * server actions, which end the session on the server and audit it.
 */
type Segments = { params: Promise<{ nextauth?: string[] }> };

async function handle(request: Request, { params }: Segments, forward: (request: Request) => Promise<Response>): Promise<Response> {
  const segments = (await params).nextauth ?? [];
  if (!isExposedAuthRoute(request.method, segments, redirectProviderIds)) return jsonError(new AppError("NOT_FOUND", "Not found."));
  return forward(request);
}

export const GET = (request: Request, context: Segments) => handle(request, context, (forwarded) => handlers.GET(forwarded as never));
export const POST = (request: Request, context: Segments) => handle(request, context, (forwarded) => handlers.POST(forwarded as never));
