/**
 * Runs `callback` once the browser has painted the next frame (a task queued
 * from that frame's animation-frame callback runs after its paint), or in a
 * microtask where there are no frames (tests, the server, a hidden tab).
 * Work that can wait a frame (counters, the save's request) goes here, so a
 * tick is painted first. A tab hidden meanwhile has no frames: a timer makes
 * sure the callback runs anyway, 100 ms at the latest.
 */
export function afterNextPaint(callback: () => void): void {
  if (typeof requestAnimationFrame !== "function" || typeof document === "undefined" || document.visibilityState !== "visible") {
    queueMicrotask(callback);
    return;
  }
  let ran = false;
  const once = () => {
    if (ran) return;
    ran = true;
    clearTimeout(fallback);
    callback();
  };
  const fallback = setTimeout(once, 100);
  requestAnimationFrame(() => setTimeout(once, 0));
}

/** afterNextPaint as a promise. */
export const nextPaint = () => new Promise<void>((resolve) => afterNextPaint(resolve));
