/**
 * The route pattern of a request, for metric labels and log lines: the path
 * with each dynamic segment replaced by its name (`/api/v1/releases/[id]`),
 * never the raw id, so the number of label values stays bounded.
 */

type Params = Record<string, string | string[] | undefined>;

const ID_LIKE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|[0-9a-f]{16,}|[A-Za-z0-9_-]{32,})$/i;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * From the path and Next's params: each param's value is matched against the
 * segments, the last param first and from the end of the path (a catch-all's
 * values as a run of segments), so an item key that equals a static segment
 * before it (`/items/items`) still lands on the right one. Segments no param
 * explains but that look like ids (UUIDs, numbers, long tokens) become `[id]`,
 * so a handler called without its params still yields no raw ids.
 */
export function routePattern(pathname: string, params: Params = {}): string {
  const segments = pathname.split("/").filter((segment) => segment !== "").map(decode);
  const out: (string | null)[] = [...segments];
  let before = segments.length;
  for (const [name, value] of Object.entries(params).reverse()) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) continue;
    for (let index = before - values.length; index >= 0; index -= 1) {
      if (values.every((entry, offset) => segments[index + offset] === entry)) {
        out.splice(index, values.length, Array.isArray(value) ? `[...${name}]` : `[${name}]`, ...Array<null>(values.length - 1).fill(null));
        before = index;
        break;
      }
    }
  }
  return `/${out
    .filter((segment): segment is string => segment !== null)
    .map((segment) => (segment.startsWith("[") ? segment : ID_LIKE.test(segment) ? "[id]" : segment))
    .join("/")}`;
}
