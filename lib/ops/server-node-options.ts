import { fileURLToPath } from "node:url";
import type { Settings } from "../config/settings";

/**
 * Node options for the web server process (`next start`), shared by
 * `npm start` and the benchmark so both measure the same thing.
 *
 * The heap limit: the server's live heap is about 70 MB, but under load V8
 * lets the old generation grow to ~260 MB of garbage before it collects,
 * so the process's RSS reached 470–570 MB. A limit makes V8 collect
 * earlier; at 256 MB the peak RSS under the whole benchmark fell to
 * under 300 MB with no measurable change in CPU per request (README
 * "Performance"). COUNTERSIGN_MAX_HEAP_MB raises it for bigger deployments.
 */
export function serverNodeArgs(settings: Pick<Settings, "COUNTERSIGN_MAX_HEAP_MB">): string[] {
  return [`--max-old-space-size=${settings.COUNTERSIGN_MAX_HEAP_MB}`, ...forwardedHeadersNodeArgs()];
}

/**
 * The preload that makes forwarded headers count only from COUNTERSIGN_TRUSTED_PROXIES (it reads
 * the setting from the server's environment): every way the production server is started uses it.
 */
export function forwardedHeadersNodeArgs(): string[] {
  return ["--import", fileURLToPath(new URL("./forwarded-headers-preload.mjs", import.meta.url))];
}
