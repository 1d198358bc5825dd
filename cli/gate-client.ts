import { z } from "zod";
import { gateAnswerSchema, type GateAnswer } from "../lib/gate/gate.schema";

/**
 * The CLI's HTTP side for `countersign gate check` (docs/ci.md): it runs in a
 * CI job, far from the database, and asks a Countersign server over its API
 * with a token. COUNTERSIGN_URL (or --url) names the server; the token comes
 * only from COUNTERSIGN_TOKEN, never an option, so it stays out of process
 * lists and job logs.
 */

export class GateError extends Error {}

const serverUrlSchema = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "expects the server's http(s) URL, e.g. https://countersign.example.com");
const tokenSchema = z.string().trim().regex(/^cs_[A-Za-z0-9_-]{43}$/, "expects an API token (cs_ followed by 43 characters; `countersign token create --project <key> --scope releases:read`)");

export type Connection = { base: string; token: string };

/** The server and token, each refusal one line naming the variable or option. */
export function connectionFrom(option: string | undefined, env: Record<string, string | undefined> = process.env): Connection {
  const url = option ?? env.COUNTERSIGN_URL;
  if (!url?.trim()) throw new GateError("COUNTERSIGN_URL is not set: set it (or --url) to the Countersign server's URL, e.g. https://countersign.example.com.");
  const parsedUrl = serverUrlSchema.safeParse(url);
  if (!parsedUrl.success) throw new GateError(`${option ? "--url" : "COUNTERSIGN_URL"} ${parsedUrl.error.issues[0]?.message}.`);
  const token = env.COUNTERSIGN_TOKEN;
  if (!token?.trim()) throw new GateError("COUNTERSIGN_TOKEN is not set: set it to an API token with the scope releases:read.");
  const parsedToken = tokenSchema.safeParse(token);
  if (!parsedToken.success) throw new GateError(`COUNTERSIGN_TOKEN ${parsedToken.error.issues[0]?.message}.`);
  return { base: new URL(parsedUrl.data).href.replace(/\/+$/, ""), token: parsedToken.data };
}

export type GateRequest = { project: string; version: string; environment: string };

function gatePath(connection: Connection, request: GateRequest, events: boolean): string {
  const query = new URLSearchParams({ version: request.version, environment: request.environment });
  return `${connection.base}/api/v1/projects/${encodeURIComponent(request.project)}/gate${events ? "/events" : ""}?${query.toString()}`;
}

/** The API's error body as one line: its message and the fields it names. */
async function refusal(response: Response): Promise<GateError> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: { message?: string; fields?: Record<string, string[]> } };
    const fields = Object.entries(body.error?.fields ?? {}).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
    if (body.error?.message) return new GateError(`${body.error.message}${fields.length ? ` (${fields.join("; ")})` : ""} [HTTP ${response.status}]`);
  } catch {
    // not JSON
  }
  return new GateError(`The server answered HTTP ${response.status}.`);
}

function parseAnswer(text: string): GateAnswer {
  const parsed = gateAnswerSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new GateError("The server's answer is not a gate answer; is COUNTERSIGN_URL a Countersign server of this version?");
  return parsed.data;
}

const unreachable = (connection: Connection, error: unknown) =>
  new GateError(`Cannot reach ${connection.base}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`);

/** One question, one answer. */
export async function askGate(connection: Connection, request: GateRequest, signal?: AbortSignal): Promise<GateAnswer> {
  let response: Response;
  try {
    response = await fetch(gatePath(connection, request, false), { headers: { authorization: `Bearer ${connection.token}`, accept: "application/json" }, redirect: "error", signal });
  } catch (error) {
    throw unreachable(connection, error);
  }
  if (!response.ok) throw await refusal(response);
  return parseAnswer(await response.text());
}

/**
 * Follows the gate's live stream (GET …/gate/events) until `decided` returns
 * true for an answer or `signal` aborts; every answer goes to `onAnswer`.
 * The first connection must succeed (a refusal or an unreachable server is
 * an error at once); a stream that drops later is opened again, after 1 s,
 * then longer, up to 10 s. Returns the last answer, and whether it decided.
 */
export async function watchGate(
  connection: Connection,
  request: GateRequest,
  options: { signal: AbortSignal; decided: (answer: GateAnswer) => boolean; onAnswer?: (answer: GateAnswer) => void; onReconnect?: (reason: string) => void },
): Promise<{ answer: GateAnswer | null; decided: boolean }> {
  let last: GateAnswer | null = null;
  let connected = false;
  let delay = 1_000;
  while (!options.signal.aborted) {
    let response: Response;
    try {
      response = await fetch(gatePath(connection, request, true), {
        headers: { authorization: `Bearer ${connection.token}`, accept: "text/event-stream" },
        redirect: "error",
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal.aborted) break;
      if (!connected) throw unreachable(connection, error);
      options.onReconnect?.(unreachable(connection, error).message);
      await pause(delay, options.signal);
      delay = Math.min(delay * 2, 10_000);
      continue;
    }
    if (!response.ok || !response.body) {
      if (!connected || (response.status >= 400 && response.status < 500 && response.status !== 429)) throw await refusal(response);
      options.onReconnect?.(`HTTP ${response.status}`);
      await pause(delay, options.signal);
      delay = Math.min(delay * 2, 10_000);
      continue;
    }
    connected = true;
    delay = 1_000;
    try {
      for await (const event of serverSentEvents(response.body)) {
        if (event.event === "gate") {
          last = parseAnswer(event.data);
          options.onAnswer?.(last);
          if (options.decided(last)) {
            await response.body.cancel().catch(() => undefined);
            return { answer: last, decided: true };
          }
        } else if (event.event === "error") {
          options.onReconnect?.(`the server could not read the gate: ${event.data}`);
        }
      }
    } catch (error) {
      if (options.signal.aborted) break;
      if (error instanceof GateError) throw error;
    }
    if (options.signal.aborted) break;
    options.onReconnect?.("the stream ended");
    await pause(delay, options.signal);
  }
  return { answer: last, decided: false };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Server-sent events as the HTML standard frames them: blocks separated by a blank line, `event:` and `data:` fields, `:` comments. */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line === "" || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
      if (data.length > 0) yield { event, data: data.join("\n") };
    }
  }
}

/** "30m", "90s", "1h30m", "2h", or plain seconds: milliseconds, or null when it is none of these. */
export function parseDuration(text: string): number | null {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (!match || value === "") return null;
  const [, hours = "0", minutes = "0", seconds = "0"] = match;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}
