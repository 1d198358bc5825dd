import { handlers, redirectProviderIds } from "@/lib/auth/auth";
import { isExposedAuthRoute } from "@/lib/auth/auth-routes";
import { jsonError } from "@/lib/auth/api-route";
import { AppError } from "@/lib/errors/app-error";
import { requestOrigin } from "@/lib/security/same-origin";

/**
 * Auth.js's HTTP endpoints, closed except for what sign-in needs
 * (lib/auth/auth-routes.ts): signing in and out go through the app's own
 * server actions, which end the session on the server and audit it.
 */
type Segments = { params: Promise<{ nextauth?: string[] }> };

async function handle(request: Request, { params }: Segments, forward: (request: Request) => Promise<Response>): Promise<Response> {
  const segments = (await params).nextauth ?? [];
  if (!isExposedAuthRoute(request.method, segments, redirectProviderIds)) return jsonError(new AppError("NOT_FOUND", "Not found."));
  // The callback's redirect_uri must be the one the sign-in started with, not the address the server was started
  // at: the request is seen at the origin of the sign-in (Auth.js's callback-url cookie, set when it started),
  // else at the request's own (Host and trusted X-Forwarded-* headers).
  const origin = startedAt(request.headers.get("cookie")) ?? requestOrigin(request.headers);
  if (!origin) return forward(request);
  const url = new URL(request.url);
  return forward(new Request(new URL(`${url.pathname}${url.search}`, origin), { method: request.method, headers: request.headers }));
}

function startedAt(cookies: string | null): URL | null {
  const value = /(?:^|;\s*)(?:__Secure-)?authjs\.callback-url=([^;]*)/.exec(cookies ?? "")?.[1];
  if (!value) return null;
  try {
    const url = new URL(decodeURIComponent(value));
    return url.protocol === "http:" || url.protocol === "https:" ? new URL(url.origin) : null;
  } catch {
    return null;
  }
}

export const GET = (request: Request, context: Segments) => handle(request, context, (forwarded) => handlers.GET(forwarded as never));
export const POST = (request: Request, context: Segments) => handle(request, context, (forwarded) => handlers.POST(forwarded as never));
