import { z } from "zod";
import { parseTrustedProxies } from "../security/trusted-proxies.mjs";

/**
 * Every setting Countersign reads from the environment, validated once.
 * A bad value stops start-up with one line naming the setting and what it
 * expects (see formatSettingsError). README "Configuration" documents each.
 */
const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: "expects a PostgreSQL URL such as postgresql://user:password@host:5432/database",
  });

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

/** pino's levels; LOG_LEVEL picks the lowest one written ("silent" writes nothing). */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const PUBLIC_URL_MESSAGE = "expects the URL people open Countersign at: http(s), a host name (not an IP address) and an optional port, no path, e.g. https://countersign.example.com";

/** COUNTERSIGN_PUBLIC_URL as an origin, or null when it is not one a passkey can be bound to (WebAuthn refuses IP addresses as relying party). */
export function publicOrigin(value: string): URL | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  const plain = (url.protocol === "https:" || url.protocol === "http:") && (url.pathname === "/" || url.pathname === "") && !url.search && !url.hash && !url.username && !url.password;
  const ip = /^\[.*\]$|^\d+\.\d+\.\d+\.\d+$/.test(url.hostname);
  return plain && !ip ? new URL(url.origin) : null;
}

/** smtp:// or smtps:// with a host (credentials and port optional). */
export function isSmtpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "" && (url.pathname === "" || url.pathname === "/");
}

const OIDC_ISSUER_MESSAGE = "expects the identity provider's issuer URL, https (http only on localhost), as its discovery document names it, e.g. https://login.example.com/realms/acme";

/** An OIDC issuer: https, or http on a loopback host (tests, a provider on the same machine). */
export function isOidcIssuer(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  const loopback = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  return (url.protocol === "https:" || (url.protocol === "http:" && loopback)) && !url.search && !url.hash && !url.username && !url.password;
}

const booleanSetting = (fallback: boolean) =>
  optionalString.pipe(z.enum(["true", "false"], { message: "expects true or false" }).optional()).transform((value) => (value === undefined ? fallback : value === "true"));

export const OIDC_SETTINGS = ["COUNTERSIGN_OIDC_ISSUER", "COUNTERSIGN_OIDC_CLIENT_ID", "COUNTERSIGN_OIDC_CLIENT_SECRET"] as const;

export const settingsSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_OWNER_URL: postgresUrl.optional(),
  AUTH_SECRET: optionalString.pipe(
    z.string().min(32, { message: "expects at least 32 characters of random data (openssl rand -base64 32)" }).optional(),
  ),
  PORT: z.coerce
    .number({ message: "expects a TCP port number" })
    .int({ message: "expects a TCP port number" })
    .min(1, { message: "expects a TCP port between 1 and 65535" })
    .max(65535, { message: "expects a TCP port between 1 and 65535" })
    .default(3000),
  COUNTERSIGN_DATA_DIR: z.string().min(1).default(".data"),
  COUNTERSIGN_DEMO_PASSWORD: optionalString.pipe(
    z.string().min(12, { message: "expects at least 12 characters (the password policy, lib/auth/password-policy.ts)" }).optional(),
  ),
  /** false: the demo seed makes no release in progress (lib/seed/seed-demo-activity.ts); the e2e suite's servers start without it. */
  COUNTERSIGN_DEMO_ACTIVITY: booleanSetting(true),
  COUNTERSIGN_SESSION_MAX_AGE: z.coerce
    .number({ message: "expects a number of seconds" })
    .int()
    .min(60, { message: "expects at least 60 seconds" })
    .default(8 * 60 * 60),
  COUNTERSIGN_SESSION_ABSOLUTE_MAX_AGE: z.coerce
    .number({ message: "expects a number of seconds" })
    .int()
    .min(60, { message: "expects at least 60 seconds" })
    .default(7 * 24 * 60 * 60),
  COUNTERSIGN_SIGNIN_ADDRESS_LIMIT: z.coerce.number({ message: "expects a number" }).int().min(1, { message: "expects at least 1" }).max(1_000_000).optional(),
  /** The web server's V8 heap limit (lib/ops/server-node-options.ts). */
  COUNTERSIGN_MAX_HEAP_MB: z.coerce
    .number({ message: "expects a number of megabytes" })
    .int({ message: "expects a whole number of megabytes" })
    .min(128, { message: "expects at least 128 (MB)" })
    .max(16384, { message: "expects at most 16384 (MB)" })
    .default(256),
  /**
   * CIDRs of the reverse proxies whose X-Forwarded-For/-Host/-Proto count; unset: none, the socket's
   * address is the client's. Applied in the web server by lib/ops/forwarded-headers-preload.mjs.
   */
  COUNTERSIGN_TRUSTED_PROXIES: optionalString.superRefine((value, context) => {
    try {
      parseTrustedProxies(value);
    } catch (error) {
      context.addIssue({ code: "custom", message: (error as Error).message });
    }
  }),
  /**
   * The URL people open Countersign at (scheme, host and port; no path), e.g. https://countersign.example.com.
   * Passkeys are bound to its host (the WebAuthn relying party, lib/passkeys/relying-party.ts); unset: the
   * origin each request was sent to.
   */
  COUNTERSIGN_PUBLIC_URL: optionalString.superRefine((value, context) => {
    if (value !== undefined && !publicOrigin(value)) context.addIssue({ code: "custom", message: PUBLIC_URL_MESSAGE });
  }),
  DATABASE_POOL_MAX: z.coerce.number({ message: "expects a number" }).int().min(1).max(200).default(10),
  /** Bearer token Prometheus sends to GET /api/metrics; unset: the endpoint answers 404. */
  COUNTERSIGN_METRICS_TOKEN: optionalString.pipe(
    z.string().min(24, { message: "expects at least 24 characters of random data (openssl rand -hex 24)" }).optional(),
  ),
  /**
   * GitHub's custom deployment protection rule (docs/ci.md, docs/decisions/026): the webhook secret of the
   * GitHub App (checks X-Hub-Signature-256; unset: the endpoint answers 404), its app id and private key
   * (PEM; "\n" escapes allowed) for installation tokens, and GitHub's API (GitHub Enterprise Server: https://HOST/api/v3).
   */
  COUNTERSIGN_GITHUB_WEBHOOK_SECRET: optionalString.pipe(z.string().min(16, { message: "expects at least 16 characters of random data (openssl rand -hex 32), the GitHub App's webhook secret" }).optional()),
  COUNTERSIGN_GITHUB_APP_ID: optionalString.pipe(z.string().regex(/^\d{1,12}$/, { message: "expects the GitHub App's numeric id (its settings page: App ID)" }).optional()),
  COUNTERSIGN_GITHUB_APP_PRIVATE_KEY: optionalString.superRefine((value, context) => {
    if (value !== undefined && !isPrivateKey(value)) context.addIssue({ code: "custom", message: "expects the GitHub App's private key (PEM, as GitHub downloads it; newlines may be written as \\n)" });
  }),
  COUNTERSIGN_GITHUB_API_URL: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? "https://api.github.com" : value.trim().replace(/\/+$/, "")))
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { message: "expects GitHub's API URL, e.g. https://api.github.com or https://github.example.com/api/v3" }),
  /**
   * Where the job queue's worker (notifications, deliveries, reminders) runs: "embedded" (default) inside
   * `npm start`; "external": not there, run `countersign worker` as its own process(es). docs/decisions/025.
   */
  COUNTERSIGN_WORKER: optionalString.pipe(z.enum(["embedded", "external"], { message: "expects embedded (the worker runs inside npm start) or external (run countersign worker)" }).default("embedded")),
  /** Webhooks (lib/webhooks): private, loopback and link-local targets are refused unless "true"; each POST's deadline. */
  COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE: optionalString.pipe(z.enum(["true", "false"], { message: "expects true or false" }).optional()),
  COUNTERSIGN_WEBHOOK_TIMEOUT_SECONDS: z.coerce
    .number({ message: "expects a number of seconds" })
    .min(1, { message: "expects 1 to 60 seconds" })
    .max(60, { message: "expects 1 to 60 seconds" })
    .default(10),
  /**
   * Email (issue 12): the SMTP server notifications are sent through, e.g. smtp://user:password@mail.example.com:587
   * (smtps:// for TLS from the first byte); unset: no email (the UI says so). The sender address, and
   * COUNTERSIGN_DEV_MAIL=true: `npm start` runs maildev locally and sends there (lib/notifications/mail.ts).
   */
  COUNTERSIGN_SMTP_URL: optionalString.superRefine((value, context) => {
    if (value !== undefined && !isSmtpUrl(value)) context.addIssue({ code: "custom", message: "expects an SMTP URL such as smtp://user:password@mail.example.com:587 (smtps:// for TLS from the start)" });
  }),
  COUNTERSIGN_MAIL_FROM: optionalString.superRefine((value, context) => {
    if (value !== undefined && !/^(?:[^<>\r\n]{1,100} <[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(value.trim())) {
      context.addIssue({ code: "custom", message: "expects a sender address such as countersign@example.com or Countersign <countersign@example.com>" });
    }
  }),
  COUNTERSIGN_DEV_MAIL: optionalString.pipe(z.enum(["true", "false", "1", "0"], { message: "expects true or false" }).optional()).transform((value) => value === "true" || value === "1"),
  LOG_LEVEL: optionalString.pipe(
    z.enum(LOG_LEVELS, { message: `expects one of ${LOG_LEVELS.join(", ")}` }).optional(),
  ),
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
  /** Company sign-in (OpenID Connect, docs/decisions/027): all three or none. */
  COUNTERSIGN_OIDC_ISSUER: optionalString.superRefine((value, context) => {
    if (value !== undefined && !isOidcIssuer(value)) context.addIssue({ code: "custom", message: OIDC_ISSUER_MESSAGE });
  }),
  COUNTERSIGN_OIDC_CLIENT_ID: optionalString.pipe(z.string().max(500, { message: "expects at most 500 characters" }).optional()),
  COUNTERSIGN_OIDC_CLIENT_SECRET: optionalString.pipe(z.string().max(2000, { message: "expects at most 2000 characters" }).optional()),
  /** The sign-in button says "Sign in with <name>" (default SSO). */
  COUNTERSIGN_OIDC_NAME: optionalString.pipe(
    z
      .string()
      .max(40, { message: "expects at most 40 characters (the sign-in button's label)" })
      // eslint-disable-next-line no-control-regex -- control characters are refused on purpose
      .refine((value) => !/[\u0000-\u001f\u007f<>]/.test(value), { message: "expects plain text, without control characters or angle brackets" })
      .optional(),
  ),
  /** The ID token claim that lists the user's groups (default groups). */
  COUNTERSIGN_OIDC_GROUPS_CLAIM: optionalString.pipe(
    z.string().regex(/^[A-Za-z0-9_.:/-]{1,200}$/, { message: "expects a claim name (letters, digits, _ . : / -), e.g. groups" }).optional(),
  ),
  /** The scopes asked for (default "openid email profile"); openid is required. */
  COUNTERSIGN_OIDC_SCOPES: optionalString.superRefine((value, context) => {
    if (value === undefined) return;
    const scopes = value.split(/\s+/).filter(Boolean);
    if (!scopes.includes("openid") || scopes.some((scope) => !/^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/.test(scope))) {
      context.addIssue({ code: "custom", message: 'expects space-separated scopes including openid, e.g. "openid email profile groups"' });
    }
  }),
  /** How often a company sign-in's session is re-checked with the provider (seconds; default 300). */
  COUNTERSIGN_OIDC_SESSION_CHECK_SECONDS: z.coerce
    .number({ message: "expects a number of seconds" })
    .int({ message: "expects a whole number of seconds" })
    .min(30, { message: "expects at least 30 seconds" })
    .max(86_400, { message: "expects at most 86400 seconds (a day)" })
    .default(300),
  /** false: no password sign-in (company sign-in and passkeys only); see README "Company sign-in" for the recovery path. */
  COUNTERSIGN_PASSWORD_SIGNIN: booleanSetting(true),
}).superRefine((settings, context) => {
  const given = OIDC_SETTINGS.filter((name) => settings[name] !== undefined);
  if (given.length > 0 && given.length < OIDC_SETTINGS.length) {
    for (const name of OIDC_SETTINGS.filter((name) => settings[name] === undefined)) {
      context.addIssue({ code: "custom", path: [name], message: `is required with ${given.join(" and ")} (company sign-in needs the issuer, client id and client secret)` });
    }
  }
  if (!settings.COUNTERSIGN_PASSWORD_SIGNIN && given.length === 0) {
    context.addIssue({
      code: "custom",
      path: ["COUNTERSIGN_PASSWORD_SIGNIN"],
      message: "is false but company sign-in is not configured (set COUNTERSIGN_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET): nobody without a passkey could sign in",
    });
  }
  // GitHub's deployment protection rule answers as the GitHub App: its webhook secret alone is not enough.
  if (settings.COUNTERSIGN_GITHUB_WEBHOOK_SECRET) {
    for (const name of ["COUNTERSIGN_GITHUB_APP_ID", "COUNTERSIGN_GITHUB_APP_PRIVATE_KEY"] as const) {
      if (!settings[name]) context.addIssue({ code: "custom", path: [name], message: "is required with COUNTERSIGN_GITHUB_WEBHOOK_SECRET (the GitHub App answers GitHub's deployment reviews; docs/ci.md)" });
    }
  }
});

/** Looks like a PEM private key (read for real when it is first used: lib/github/github-app.ts). */
const isPrivateKey = (value: string): boolean => /^-----BEGIN (RSA |EC )?PRIVATE KEY-----\n[\s\S]+\n-----END (RSA |EC )?PRIVATE KEY-----$/.test(pemFromSetting(value));

/** A PEM from one environment variable: real newlines, or "\n" escapes (what most secret stores keep). */
export const pemFromSetting = (value: string): string => value.replace(/\\n/g, "\n").trim();

export type Settings = z.infer<typeof settingsSchema>;

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

/** Parse settings; throws a SettingsError whose message is one line per bad setting. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${String(issue.path[0] ?? "setting")} ${issue.message}`);
    throw new SettingsError(lines.join("\n"));
  }
  return result.data;
}
