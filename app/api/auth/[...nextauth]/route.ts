import { handlers, redirectProviderIds } from "@/lib/auth/auth";
import { isExposedAuthRoute } from "@/lib/auth/auth-routes";
import { jsonError } from "@/lib/auth/api-route";
import { AppError } from "@/lib/errors/app-error";
import { requestOrigin } from "@/lib/security/same-origin";
import { NextRequest } from "next/server";

/**
 * Auth.js's HTTP endpoints, closed except for what sign-in needs
 * (lib/auth/auth-routes.ts): signing in and out go through the app's own
 * server actions, which end the session on the server and audit it.
 */
type Segments = { params: Promise<{ nextauth?: string[] }> };

async function handle(request: Request, { params }: Segments, forward: (request: Request) => Promise<Response>): Promise<Response> {
  const segments = (await params).nextauth ?? [];
  if (!isExposedAuthRoute(request.method, segments, redirectProviderIds)) return jsonError(new AppError("NOT_FOUND", "Not found."));
  // The callback's redirect_uri must be the one the sign-in started with (a server action: the Host and trusted
  // X-Forwarded-* headers), not the address the server was started at: the request is seen at that same origin.
  const origin = requestOrigin(request.headers);
  if (!origin) return forward(request);
  const url = new URL(request.url);
  return forward(new NextRequest(new URL(`${url.pathname}${url.search}`, origin), request));
}

export const GET = (request: Request, context: Segments) => handle(request, context, (forwarded) => handlers.GET(forwarded as never));
export const POST = (request: Request, context: Segments) => handle(request, context, (forwarded) => handlers.POST(forwarded as never));
