/**
 * The security headers of every response (docs/decisions/009). Pure
 * functions: proxy.ts calls them per request, the tests call them directly.
 */

/** 16 random bytes, base64: unguessable and fresh for every request. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Served over HTTPS, directly or behind a proxy that terminated TLS (x-forwarded-proto, kept only from COUNTERSIGN_TRUSTED_PROXIES). */
export function isHttpsRequest(url: URL, headers: Headers): boolean {
  if (url.protocol === "https:") return true;
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded === "https";
}

export type PolicyOptions = { nonce: string; https: boolean; development?: boolean };

/**
 * Scripts only with this request's nonce (Next.js adds it to its own scripts)
 * and what those load ('strict-dynamic'); never 'unsafe-inline' for scripts.
 * Styles allow 'unsafe-inline': server-rendered style attributes (progress bars)
 * and the <style> element sonner injects at run time carry no nonce.
 */
export function contentSecurityPolicy({ nonce, https, development = false }: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Two years, subdomains included; sent only on HTTPS responses (browsers ignore it on HTTP anyway). */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * Responses that may carry a user's data (every page, every API answer) are
 * never stored by a browser's or a shared proxy's cache. Only Next's
 * build assets (content-hashed) and public files may be cached.
 */
export const PRIVATE_CACHE_CONTROL = "no-store";
const CACHEABLE_PATH = /^\/(?:_next\/static\/|_next\/image|favicon\.svg$|[^/]*\.(?:svg|png|ico|txt|woff2?)$)/;

/** The Cache-Control proxy.ts sets for `pathname`, or null to leave Next's own. */
export function cacheControlFor(pathname: string): string | null {
  return CACHEABLE_PATH.test(pathname) ? null : PRIVATE_CACHE_CONTROL;
}

/** Headers that do not depend on the request; next.config.ts sends them on every response, static files included. */
export const STATIC_SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
] as const;
