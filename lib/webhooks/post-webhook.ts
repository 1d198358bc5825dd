import "server-only";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { allowPrivateTargets, resolvePublicAddresses } from "./address-guard";

/**
 * One POST of one webhook message (docs/decisions/026): the host is resolved
 * and every address checked by the SSRF guard at connect time (the request's
 * own DNS lookup), redirects are never followed (a 3xx is a failure), and the
 * whole exchange has a deadline (COUNTERSIGN_WEBHOOK_TIMEOUT_SECONDS, 10 s).
 * The answer's body is read (at most 64 KB) and dropped.
 */
export class WebhookSendError extends Error {
  constructor(
    message: string,
    readonly options: { permanent?: boolean; responseCode?: number } = {},
  ) {
    super(message);
    this.name = "WebhookSendError";
  }
}

export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;
export const webhookTimeoutMs = (env: Record<string, string | undefined> = process.env): number => {
  const seconds = Number(env.COUNTERSIGN_WEBHOOK_TIMEOUT_SECONDS);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_WEBHOOK_TIMEOUT_SECONDS) * 1000;
};

const MAX_ANSWER_BYTES = 64 * 1024;

/** The request's DNS lookup, through the guard: the address connected to is one that was checked. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolvePublicAddresses(hostname, allowPrivate).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
        if (wanted.length === 0) return callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address.`), { code: "ENOTFOUND" }), "", 0);
        if (options.all) (callback as unknown as (error: null, all: { address: string; family: number }[]) => void)(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: Error) => callback(Object.assign(error, { code: "EREFUSED" }), "", 0),
    );
  };
}

export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs?: number; allowPrivate?: boolean } = {},
): Promise<{ responseCode: number; durationMs: number }> {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new WebhookSendError(`Webhook URLs are http(s); this one is ${target.protocol}`, { permanent: true });
  const timeoutMs = options.timeoutMs ?? webhookTimeoutMs();
  const allowPrivate = options.allowPrivate ?? allowPrivateTargets();
  // An IP address in the URL is connected to without a lookup: checked here; a host name is checked in the lookup itself.
  if (isIP(target.hostname.replace(/^\[|\]$/g, ""))) {
    try {
      await resolvePublicAddresses(target.hostname, allowPrivate);
    } catch (error) {
      throw new WebhookSendError((error as Error).message, { permanent: true });
    }
  }
  const started = performance.now();
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: WebhookSendError | null, responseCode = 0) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) reject(error);
      else resolve({ responseCode, durationMs: Math.round(performance.now() - started) });
    };
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Countersign-Webhooks/1", "content-length": String(Buffer.byteLength(body)), ...headers },
        lookup: guardedLookup(allowPrivate),
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        const done = () => {
          if (status >= 200 && status < 300) return finish(null, status);
          if (status >= 300 && status < 400) return finish(new WebhookSendError(`The target answered ${status} (a redirect${response.headers.location ? ` to ${response.headers.location}` : ""}); redirects are not followed.`, { permanent: true, responseCode: status }));
          finish(new WebhookSendError(`The target answered HTTP ${status}.`, { responseCode: status, permanent: status === 410 }));
        };
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    const deadline = setTimeout(() => {
      finish(new WebhookSendError(`No answer within ${timeoutMs / 1000} s.`));
      request.destroy();
    }, timeoutMs);
    request.on("error", (error: Error & { code?: string }) => {
      const refused = error.code === "EREFUSED" && /private|does not resolve/.test(error.message);
      finish(new WebhookSendError(refused ? error.message : `Could not deliver: ${error.message}`, { permanent: refused && /private/.test(error.message) }));
    });
    request.end(body);
  });
}
