import { publicBaseUrl } from "@/lib/config/public-url";
import { checkDeploymentGate } from "@/lib/gate/check-gate";
import { gateAnswerSchema, gateQuerySchema, type GateAnswer } from "@/lib/gate/gate.schema";
import { liveHub } from "@/lib/releases/live-hub";
import { toAppError } from "@/lib/errors/app-error";
import { parseQuery, pathProject, projectKeyOf, v1Route } from "../../../../_lib/v1-route";

export const dynamic = "force-dynamic";

/** How often the answer is read again without a notification (one may have been lost), and a comment keeps proxies from closing the stream. */
const RECHECK_MS = 15_000;
/** Changes arriving together are read once. */
const SETTLE_MS = 200;

/**
 * The deployment gate as server-sent events, for `countersign gate check
 * --wait` (docs/ci.md): a `gate` event with the answer at once, then each
 * time it changes, as the release and the environments it waits for change
 * on any instance (PostgreSQL LISTEN/NOTIFY through lib/releases/live-hub.ts).
 * The client closes the stream when it has its answer. Unknown projects,
 * environments and versions answer 404 before the stream opens, like GET …/gate.
 */
export const GET = v1Route({ permission: "release:read", response: gateAnswerSchema, project: pathProject, projectKey: projectKeyOf }, async (_input, { request, project }) => {
  const query = parseQuery(request, gateQuerySchema);
  const base = publicBaseUrl(request.headers);
  const read = () => checkDeploymentGate(project!, query, base);
  const first = await read();

  const encoder = new TextEncoder();
  let cleanup = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let last = "";
      let timer: ReturnType<typeof setTimeout> | undefined;
      let reading = false;
      let again = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const send = (answer: GateAnswer) => {
        const data = JSON.stringify(answer);
        if (data === last) return;
        last = data;
        write(`event: gate\ndata: ${data}\n\n`);
      };
      /** The releases this answer depends on: a change to one of them is worth a read. */
      let relevant = new Set<string>();
      const remember = (answer: GateAnswer) => {
        relevant = new Set([answer.release.id, ...(answer.allowed ? [] : answer.missing.flatMap((entry) => (entry.kind === "gate" && entry.release ? [entry.release.id] : [])))]);
      };
      const refresh = async () => {
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        try {
          const answer = await read();
          remember(answer);
          send(answer);
        } catch (error) {
          const failure = toAppError(error);
          // The release or environment is gone, or the database is away: say so; the client decides whether to reconnect.
          write(`event: error\ndata: ${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n\n`);
        } finally {
          reading = false;
          if (again) {
            again = false;
            void refresh();
          }
        }
      };
      const soon = () => {
        if (timer) return;
        timer = setTimeout(() => {
          timer = undefined;
          void refresh();
        }, SETTLE_MS);
      };
      const unwatch = await liveHub().watchAll((change) => {
        // A release created later (one replacing a cancelled one) is not announced: the periodic read finds it.
        if (change === null || relevant.has(change.releaseId)) soon();
      });
      const recheck = setInterval(() => {
        write(": keep-alive\n\n");
        void refresh();
      }, RECHECK_MS);
      cleanup = () => {
        closed = true;
        clearInterval(recheck);
        if (timer) clearTimeout(timer);
        unwatch();
      };
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      write("retry: 1000\n\n");
      remember(first);
      send(first);
      // A change between the first read and the subscription is not missed.
      soon();
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
});
