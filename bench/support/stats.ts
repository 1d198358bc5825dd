/** Latency samples (ms) and their summary; percentiles by nearest rank. */
export type LatencySummary = { requests: number; errors: number; throughput: number; p50: number; p95: number; p99: number; max: number };

export class LatencyRecorder {
  private readonly samples: number[] = [];
  errors = 0;

  record(ms: number, ok = true): void {
    this.samples.push(ms);
    if (!ok) this.errors += 1;
  }

  summary(seconds: number): LatencySummary {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (fraction: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]! : 0);
    return {
      requests: sorted.length,
      errors: this.errors,
      throughput: sorted.length / seconds,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: sorted.at(-1) ?? 0,
    };
  }
}

/**
 * Runs `once` back to back on `connections` concurrent workers for `seconds`,
 * timing each call (a throw counts as an error): the raw baselines' load loop.
 */
export async function timedWorkers(connections: number, seconds: number, once: () => Promise<void>): Promise<LatencySummary> {
  const recorder = new LatencyRecorder();
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      let ok = true;
      try {
        await once();
      } catch {
        ok = false;
      }
      recorder.record(performance.now() - started, ok);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  return recorder.summary((performance.now() - began) / 1000);
}
