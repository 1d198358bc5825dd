/**
 * Signs in over HTTP exactly as a browser's form post to Auth.js does
 * (CSRF cookie + token, credentials callback) and returns the Cookie header
 * carrying the session.
 */
function cookiesFrom(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
}

export async function signInOverHttp(url: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesFrom(csrf);
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), origin: url },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${url}/` }).toString(),
  });
  const session = cookiesFrom(response).find((cookie) => cookie.includes("session-token="));
  if (!session) throw new Error(`Sign-in as ${email} failed (HTTP ${response.status}).`);
  return session;
}
