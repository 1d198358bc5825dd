import { getItemStates } from "@/lib/releases/get-release";
import { getReleaseProgress } from "@/lib/releases/get-release-progress";
import { liveHub, type LiveMessage } from "@/lib/releases/live-hub";
import { releaseIdOf, releaseProject, v1Route } from "../../../v1/_lib/v1-route";

export const dynamic = "force-dynamic";

/**
 * Server-sent events for one release. Every (re)connection starts with a
 * snapshot of all item states, so a browser that lost its connection catches
 * up on what it missed; then each change arrives as it commits, on whichever
 * instance it was made (PostgreSQL LISTEN/NOTIFY).
 */
// The release's project must be readable by the viewer (404 otherwise, as for the release itself): the stream carries only releases they may read.
export const GET = v1Route({ permission: "release:read", project: releaseProject }, async (_input, { request, params }) => {
  const releaseId = releaseIdOf(params);
  const release = await getReleaseProgress(releaseId);

  const encoder = new TextEncoder();
  let cleanup = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await liveHub().subscribe(releaseId, (message: LiveMessage) => send(message.type, message));
      const heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch {
          cleanup();
        }
      }, 15_000);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      send("snapshot", { items: await getItemStates(releaseId), release });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
});
