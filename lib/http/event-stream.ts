/** What a stream's `open` may write: named events with JSON data. */
export type EventStreamWriter = { send: (event: string, data: unknown) => void };

const HEARTBEAT_MS = 15_000;
const HEADERS = { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" };

/**
 * A server-sent event stream: the reconnection delay, a keep-alive comment
 * every 15 s, and one cleanup whether the client goes away (abort, cancel)
 * or a write fails. `open` subscribes, writes what a (re)connection starts
 * with, and returns what to undo when the stream ends (called even when the
 * client left while `open` was still running).
 */
export function eventStreamResponse(request: Request, retryMs: number, open: (writer: EventStreamWriter) => Promise<() => void>): Response {
  const encoder = new TextEncoder();
  let closed = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let undo: (() => void) | undefined;
  const cleanup = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    undo?.();
  };
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      write(`retry: ${retryMs}\n\n`);
      heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
      const opened = await open({ send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) });
      if (closed) opened();
      else undo = opened;
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: HEADERS });
}
