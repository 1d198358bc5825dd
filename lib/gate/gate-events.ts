import "server-only";
import type { EventStreamWriter } from "../http/event-stream";
import { toAppError } from "../errors/app-error";
import { liveHub } from "../releases/live-hub";
import type { GateAnswer } from "./gate.schema";

/** How often the answer is read again without a notification (one may have been lost). */
const RECHECK_MS = 15_000;
/** Changes arriving together are read once. */
const SETTLE_MS = 200;

/**
 * The deployment gate as a stream of answers (GET …/gate/events, for
 * `countersign gate check --wait`): a `gate` event with `first` at once, then
 * one each time the answer changes, as the release and the releases whose
 * environments it waits for change on any instance (PostgreSQL LISTEN/NOTIFY
 * through lib/releases/live-hub.ts), and every RECHECK_MS in case a
 * notification was lost. A failed read is sent as an `error` event; the
 * client decides whether to reconnect. Returns the stream's `open` for
 * lib/http/event-stream.ts.
 */
export function gateEvents(read: () => Promise<GateAnswer>, first: GateAnswer): (writer: EventStreamWriter) => Promise<() => void> {
  return async (writer) => {
    let last = "";
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reading = false;
    let again = false;
    const send = (answer: GateAnswer) => {
      const data = JSON.stringify(answer);
      if (data === last) return;
      last = data;
      writer.send("gate", answer);
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
        // The release or environment is gone, or the database is away: say so.
        writer.send("error", { error: { code: failure.code, message: failure.message } });
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
    const recheck = setInterval(() => void refresh(), RECHECK_MS);
    remember(first);
    send(first);
    // A change between the first read and the subscription is not missed.
    soon();
    return () => {
      clearInterval(recheck);
      if (timer) clearTimeout(timer);
      unwatch();
    };
  };
}
