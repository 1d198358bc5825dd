import { NextResponse, type NextRequest } from "next/server";

/**
 * An optimistic check only: a visitor with no session cookie is sent to the
 * sign-in page with the address they asked for. Every page and action still
 * authenticates and authorizes on the server (lib/auth/current-user.ts).
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const url = request.nextUrl.clone();
  const wanted = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  url.pathname = "/sign-in";
  url.search = wanted === "/" ? "" : `?callbackUrl=${encodeURIComponent(wanted)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: not the sign-in page, the API, Next's assets or public files.
  matcher: ["/((?!sign-in|api/|_next/|favicon\\.svg|.*\\.(?:svg|png|ico|css|js|woff2?)$).*)"],
};
