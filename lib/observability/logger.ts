import pino, { type DestinationStream, type Logger } from "pino";
import { LOG_LEVELS, type LogLevel } from "../config/settings";
import { currentRequestContext } from "./request-context";

/**
 * Structured logs: one JSON line per event on stdout, with the request id of
 * the request being served (from request-context.ts) and never a secret:
 * fields named like credentials are replaced by "[Redacted]" at any of the
 * first three levels, and connection strings lose their password.
 */

const SECRET_KEYS = [
  "password",
  "passwordHash",
  "newPassword",
  "currentPassword",
  "token",
  "accessToken",
  "refreshToken",
  "apiToken",
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "secret",
  "clientSecret",
  "AUTH_SECRET",
  "COUNTERSIGN_METRICS_TOKEN",
  "COUNTERSIGN_GITHUB_WEBHOOK_SECRET",
  "COUNTERSIGN_GITHUB_APP_PRIVATE_KEY",
  "DATABASE_URL",
  "DATABASE_OWNER_URL",
  "COUNTERSIGN_SMTP_URL",
  "privateKey",
];

const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `["${name}"]`);
const join = (prefix: string, name: string) => (key(name).startsWith("[") ? `${prefix}${key(name)}` : `${prefix}.${name}`);

export const REDACTED_PATHS = SECRET_KEYS.flatMap((name) => [key(name), join("*", name), join("*.*", name)]);

/** user:password@ in any URL becomes user:[Redacted]@. */
export function scrubCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi, "$1[Redacted]@");
}

function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error);
  return { ...serialized, message: scrubCredentials(serialized.message), stack: serialized.stack ? scrubCredentials(serialized.stack) : undefined };
}

export function logLevelFrom(value: string | undefined): LogLevel {
  const level = value?.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(level ?? "") ? (level as LogLevel) : "info";
}

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: logLevelFrom(options.level ?? process.env.LOG_LEVEL),
      base: { service: "countersign" },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: "msg",
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[Redacted]" },
      serializers: { err: serializeError, error: serializeError },
      mixin() {
        const context = currentRequestContext();
        return context ? { requestId: context.requestId } : {};
      },
    },
    options.destination,
  );
}

const holder = globalThis as unknown as { countersignLogger?: Logger };

/** The process's logger (one per process, whatever the bundle). */
export const logger: Logger = new Proxy({} as Logger, {
  get(_target, property) {
    holder.countersignLogger ??= createLogger();
    const value = Reflect.get(holder.countersignLogger, property, holder.countersignLogger) as unknown;
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(holder.countersignLogger) : value;
  },
});

/** The first line of an error's message, for log lines about failures that are expected to happen sometimes. */
export function firstLine(error: unknown): string {
  return scrubCredentials(error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error));
}
