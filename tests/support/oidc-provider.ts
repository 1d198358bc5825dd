import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, importJWK, SignJWT, decodeJwt, type JWK } from "jose";
import Provider from "oidc-provider";

/**
 * A real OpenID provider for the tests (issue 13): the `oidc-provider`
 * package on a free loopback port, with a confidential test client
 * (code flow, PKCE required, refresh tokens) and accounts whose groups, email
 * and status the test changes between sign-ins. Its login page is a plain
 * form (a user name, no password) that a browser or a fetch can submit;
 * consent is given without asking.
 *
 * `tamper` makes the token endpoint answer with an ID token re-signed with
 * the provider's own key but one claim changed (issuer, audience, nonce), to
 * show the app refuses each.
 */

export type TestAccount = { sub: string; email: string; name: string; groups: string[]; emailVerified?: boolean; disabled?: boolean };

export type TestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** Changes one claim of the next ID tokens the token endpoint returns (null: none). */
  tamper: { claim: "iss" | "aud" | "nonce"; value: string } | null;
  /** Sends the browser back to the app with this state instead of the one it came with (null: the real one). */
  forgeState: string | null;
  /** Every auth_time the provider put in an ID token, by the prompt it was asked (for prompt=login checks). */
  authorizations: { prompt: string | null; maxAge: string | null }[];
  /** The provider's refusals so far (invalid_grant, invalid_client…), for diagnostics. */
  errors: string[];
  /** Everything the app's env needs to use this provider. */
  env(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
};

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startTestProvider(options: { redirectUris: string[]; host?: string; accounts?: TestAccount[]; port?: number; clientSecret?: string }): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${options.host ?? "127.0.0.1"}:${port}`;
  const clientId = "countersign-test";
  const clientSecret = options.clientSecret ?? randomBytes(24).toString("hex");
  const accounts = new Map<string, TestAccount>((options.accounts ?? []).map((account) => [account.sub, account]));

  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const signingKey = await importJWK(privateJwk, "RS256");

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "offline_access", "email", "profile", "groups"],
    // The scopes' claims go into the ID token too (the app reads the groups claim there).
    conformIdTokenClaims: false,
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed("refresh_token"),
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: { AccessToken: 3600, IdToken: 3600, RefreshToken: 86400, Session: 86400, Interaction: 600, Grant: 86400, AuthorizationCode: 60 },
    findAccount: async (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      if (!account || account.disabled) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, email: account.email, email_verified: account.emailVerified ?? true, name: account.name, groups: [...account.groups] }),
      };
    },
  });
  const handler = provider.callback();
  // The provider's own refusals, for a failing test's output (never in a passing run).
  const errors: string[] = [];
  for (const event of ["grant.error", "server_error", "authorization.error"]) {
    provider.on(event, (ctx: unknown, error: unknown) => {
      const detail = error as Error & { error_description?: string; error_detail?: string };
      const sent = (ctx as { oidc?: { params?: { redirect_uri?: string } } }).oidc?.params?.redirect_uri;
      errors.push(`${event}: ${detail.message} (${detail.error_description ?? ""}; ${detail.error_detail ?? ""}${sent ? `; redirect_uri sent: ${sent}` : ""})`);
    });
  }
  const state: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    tamper: null,
    forgeState: null,
    authorizations: [],
    errors,
    env: (extra = {}) => ({
      COUNTERSIGN_OIDC_ISSUER: issuer,
      COUNTERSIGN_OIDC_CLIENT_ID: clientId,
      COUNTERSIGN_OIDC_CLIENT_SECRET: clientSecret,
      // Like Okta's: the groups claim comes with the groups scope.
      COUNTERSIGN_OIDC_SCOPES: "openid email profile groups",
      ...extra,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === "login") {
      if (req.method === "POST") {
        const login = (await readBody(req)).get("login") ?? "";
        if (!accounts.has(login) || accounts.get(login)!.disabled) {
          res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><title>Sign in</title><p role="alert">Unknown or disabled account ${escape(login)}.</p>`);
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        return;
      }
      res.writeHead(200, { "content-type": "text/html" }).end(
        `<!doctype html><html lang="en"><title>Test identity provider</title><main><h1>Test identity provider</h1>` +
          `<form method="post" action="/interaction/${escape(uid)}"><label>User name <input name="login" autofocus></label><button type="submit">Continue</button></form></main></html>`,
      );
      return;
    }
    // Consent: granted without asking, for everything the app asked for.
    const accountId = details.session?.accountId ?? "";
    const grant = details.grantId ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId })) : new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  /** The token endpoint's answer with one ID token claim changed, re-signed with the provider's key. */
  function tamperTokenResponse(res: ServerResponse): void {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = ((chunk: unknown) => {
      if (chunk) chunks.push(Buffer.from(chunk as Buffer));
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown) => {
      if (chunk && typeof chunk !== "function") chunks.push(Buffer.from(chunk as Buffer));
      void (async () => {
        let body = Buffer.concat(chunks).toString("utf8");
        const tamper = state.tamper;
        try {
          const json = JSON.parse(body) as { id_token?: string };
          if (json.id_token && tamper) {
            const claims = { ...decodeJwt(json.id_token), [tamper.claim]: tamper.value };
            json.id_token = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "test-key", typ: "JWT" }).sign(signingKey);
            body = JSON.stringify(json);
          }
        } catch {
          // not JSON: passed on as it is
        }
        if (!res.headersSent) res.setHeader("content-length", Buffer.byteLength(body));
        write(body);
        end();
      })();
      return res;
    }) as typeof res.end;
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", issuer);
    const match = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
    if (match) {
      interaction(req, res, match[1]!).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(`interaction failed: ${(error as Error).message}`);
      });
      return;
    }
    if (url.pathname === "/auth") state.authorizations.push({ prompt: url.searchParams.get("prompt"), maxAge: url.searchParams.get("max_age") });
    if (url.pathname === "/token" && state.tamper) tamperTokenResponse(res);
    if (state.forgeState) {
      const setHeader = res.setHeader.bind(res);
      res.setHeader = ((name: string, value: number | string | readonly string[]) => {
        if (name.toLowerCase() === "location" && typeof value === "string" && options.redirectUris.some((uri) => value.startsWith(uri))) {
          const back = new URL(value);
          back.searchParams.set("state", state.forgeState!);
          return setHeader(name, back.toString());
        }
        return setHeader(name, value);
      }) as typeof res.setHeader;
    }
    handler(req, res);
  });
  return state;
}

/** A minimal cookie jar for following the flow with fetch. */
export class CookieJar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair!.indexOf("=");
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  names(): string[] {
    return [...this.cookies.keys()];
  }
}

/**
 * Plays the browser at the provider: follows the authorization URL through
 * the login form (as `login`) and consent, and returns the URL the provider
 * sends the browser back to (the app's callback, with code and state).
 */
export async function loginAtProvider(authorizationUrl: string, login: string): Promise<string> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  for (let step = 0; step < 12; step++) {
    const response = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.take(response);
    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get("location")!, url).toString();
      if (!next.startsWith(new URL(authorizationUrl).origin)) return next;
      url = next;
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`the provider answered HTTP ${response.status} without a login form: ${html.slice(0, 300)}`);
    const posted = await fetch(new URL(action, url), {
      method: "POST",
      redirect: "manual",
      headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ login }),
    });
    jar.take(posted);
    if (posted.status < 300 || posted.status >= 400) throw new Error(`the login form answered HTTP ${posted.status}: ${(await posted.text()).slice(0, 300)}`);
    url = new URL(posted.headers.get("location")!, url).toString();
  }
  throw new Error("the provider never sent the browser back");
}
