import "server-only";
import { createHmac, createPrivateKey, createSign, timingSafeEqual } from "node:crypto";
import { pemFromSetting } from "../config/settings";

/**
 * Countersign as a GitHub App (docs/ci.md, docs/decisions/026): GitHub's
 * review API for custom deployment protection rules answers only the app
 * whose rule it is, with an installation token, so a personal token cannot
 * be used. The app's webhook secret checks what GitHub sends
 * (X-Hub-Signature-256); its id and private key sign a short JWT (RS256, with
 * node:crypto) exchanged for an installation token, kept until shortly
 * before it expires.
 */

export type GithubAppConfig = { webhookSecret: string; appId: string; privateKey: string; apiUrl: string };

/** The app's settings, or null when the integration is off (no webhook secret). Validated at start-up (lib/config/settings.ts). */
export function githubAppConfig(env: Record<string, string | undefined> = process.env): GithubAppConfig | null {
  const webhookSecret = env.COUNTERSIGN_GITHUB_WEBHOOK_SECRET?.trim();
  if (!webhookSecret) return null;
  return {
    webhookSecret,
    appId: env.COUNTERSIGN_GITHUB_APP_ID?.trim() ?? "",
    privateKey: pemFromSetting(env.COUNTERSIGN_GITHUB_APP_PRIVATE_KEY ?? ""),
    apiUrl: (env.COUNTERSIGN_GITHUB_API_URL?.trim() || "https://api.github.com").replace(/\/+$/, ""),
  };
}

/** GitHub's signature of a delivery: `sha256=` and the hex HMAC-SHA256 of the raw body with the webhook secret, compared in constant time. */
export function verifyGithubSignature(secret: string, body: string, header: string | null): boolean {
  const match = /^sha256=([0-9a-f]{64})$/.exec(header?.trim() ?? "");
  if (!match) return false;
  const expected = createHmac("sha256", secret).update(body, "utf8").digest();
  return timingSafeEqual(expected, Buffer.from(match[1]!, "hex"));
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** The app's JSON Web Token: issued a minute in the past (clock drift), valid nine minutes (GitHub allows ten). */
export function appJwt(config: Pick<GithubAppConfig, "appId" | "privateKey">, now = Date.now()): string {
  const seconds = Math.floor(now / 1000);
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify({ iat: seconds - 60, exp: seconds + 540, iss: config.appId }));
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(createPrivateKey(config.privateKey));
  return `${header}.${payload}.${base64url(signature)}`;
}

const GITHUB_HEADERS = { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28", "user-agent": "Countersign" };
const TIMEOUT_MS = 10_000;

export class GithubApiError extends Error {
  /** permanent: no retry can help (a callback off the configured API). */
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = "GithubApiError";
  }
}

const tokens = new Map<string, { token: string; expiresAt: number }>();

/** An installation token for `installationId`, from the cache while it has more than five minutes left. */
export async function installationToken(config: GithubAppConfig, installationId: string): Promise<string> {
  const cached = tokens.get(`${config.apiUrl} ${installationId}`);
  if (cached && cached.expiresAt - Date.now() > 5 * 60_000) return cached.token;
  const response = await fetch(`${config.apiUrl}/app/installations/${encodeURIComponent(installationId)}/access_tokens`, {
    method: "POST",
    headers: { ...GITHUB_HEADERS, authorization: `Bearer ${appJwt(config)}` },
    redirect: "error",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (response.status !== 201) throw new GithubApiError(`GitHub refused an installation token for installation ${installationId}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  const body = (await response.json()) as { token?: unknown; expires_at?: unknown };
  if (typeof body.token !== "string") throw new GithubApiError("GitHub's installation token answer has no token.");
  const expiresAt = typeof body.expires_at === "string" ? Date.parse(body.expires_at) : Date.now() + 60 * 60_000;
  tokens.set(`${config.apiUrl} ${installationId}`, { token: body.token, expiresAt: Number.isFinite(expiresAt) ? expiresAt : Date.now() + 10 * 60_000 });
  return body.token;
}

/** GitHub's answer body: approve or reject (`state`), or a status report (no `state`); comments up to 1,024 characters. */
export type DeploymentReviewBody = { environment_name: string; state?: "approved" | "rejected"; comment: string };

export const MAX_REVIEW_COMMENT = 1024;

/**
 * POSTs to the deployment_callback_url GitHub sent, only when it is on the
 * configured GitHub API (the token is never sent anywhere else). 204 is success.
 */
export async function postDeploymentReview(config: GithubAppConfig, target: { callbackUrl: string; installationId: string }, body: DeploymentReviewBody): Promise<void> {
  if (!isOnApi(config.apiUrl, target.callbackUrl)) throw new GithubApiError(`The callback ${target.callbackUrl} is not on the configured GitHub API (${config.apiUrl}); not answered.`, true);
  const token = await installationToken(config, target.installationId);
  const response = await fetch(target.callbackUrl, {
    method: "POST",
    headers: { ...GITHUB_HEADERS, authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ ...body, comment: body.comment.slice(0, MAX_REVIEW_COMMENT) }),
    redirect: "error",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new GithubApiError(`GitHub refused the deployment review: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
}

function isOnApi(apiUrl: string, callbackUrl: string): boolean {
  if (!URL.canParse(callbackUrl)) return false;
  const api = new URL(apiUrl);
  const callback = new URL(callbackUrl);
  const prefix = api.pathname.replace(/\/+$/, "");
  return callback.origin === api.origin && callback.pathname.startsWith(`${prefix}/repos/`) && callback.pathname.endsWith("/deployment_protection_rule");
}
