/**
 * The dashboard's figures aggregate months of history (hundreds of
 * milliseconds each on the benchmark dataset) and change slowly, so each is
 * computed at most once a minute per instance and shared by every admin who
 * opens the page meanwhile. A failed computation is not kept.
 */
export const FIGURE_TTL_MS = 60_000;

type Entry = { at: number; value: Promise<unknown> };
const globalForFigures = globalThis as unknown as { countersignFigures?: Map<string, Entry> };

export function cachedFigure<T>(key: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
  const cache = (globalForFigures.countersignFigures ??= new Map());
  const hit = cache.get(key);
  if (hit && now - hit.at < FIGURE_TTL_MS) return hit.value as Promise<T>;
  const value = compute();
  cache.set(key, { at: now, value });
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}
