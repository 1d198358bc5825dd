import fc from "fast-check";

/**
 * Values a hostile or broken client sends: markup, SQL, unicode controls,
 * prototype-pollution keys, oversized and deeply nested data, wrong types.
 * MARKERS are the substrings a response must never echo back.
 */
export const HOSTILE_STRINGS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  "1; SELECT pg_sleep(10)",
  "\u0000\u0001\u0007\u001b[31m",
  "\u202e\u200b\ufeffevil\u2028\u2029",
  "\ud800",
  "__proto__",
  "constructor",
  "../../../etc/passwd",
  "%00%0d%0aSet-Cookie: x=1",
  "${7*7}{{7*7}}",
  "-1",
  "NaN",
  "1e309",
  "",
  " ",
];
export const MARKERS = ["<script", "<img", "onerror", "DROP TABLE", "pg_sleep", "etc/passwd", "Set-Cookie"];

export const ONE_MEGABYTE = "x".repeat(1024 * 1024);
export const DEEP_JSON = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
export const HUGE_ARRAY = JSON.stringify(Array.from({ length: 100_000 }, () => "a"));

export const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant(ONE_MEGABYTE) },
  { weight: 1, arbitrary: fc.constant("a".repeat(70_000)) },
);

/** Any JSON value, hostile strings at the leaves, now and then far too big or too deep. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype"), fc.string({ maxLength: 8 })), tie("value"), { maxKeys: 3 }),
  ),
})).value;

/** A request body: an object over the route's own fields (valid values mixed in) and hostile keys, or raw text. */
export function hostileBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const keys = fc.constantFrom(...Object.keys(fields), "__proto__", "constructor", "<script>x</script>", "extra");
  const object = fc
    .uniqueArray(fc.tuple(keys, fc.boolean(), hostileJsonValue), { maxLength: 6, selector: ([key]) => key })
    .chain((entries) =>
      fc.tuple(...entries.map(([key, useValid, hostile]) => (useValid && Object.hasOwn(fields, key) ? fields[key]!.map((value) => [key, value] as const) : fc.constant([key, hostile] as const)))),
    )
    .map((entries) => {
      // JSON.parse creates own "__proto__" keys, as a hostile client's body would.
      const parts = entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? "null"}`);
      return `{${parts.join(",")}}`;
    });
  return fc.oneof(
    { weight: 2, arbitrary: fc.record(fields).map((value) => JSON.stringify(value)) },
    { weight: 6, arbitrary: object },
    { weight: 1, arbitrary: fc.constantFrom("", "null", "[]", "{", "not json", DEEP_JSON, HUGE_ARRAY, JSON.stringify({ note: ONE_MEGABYTE })) },
    { weight: 1, arbitrary: hostileJsonValue.map((value) => JSON.stringify(value) ?? "null") },
  );
}

/** Every string inside a JSON error body that a person reads: the message and each field's messages. */
export function errorTexts(body: unknown): string[] {
  const error = (body as { error?: { message?: unknown; fields?: Record<string, unknown> } } | null)?.error;
  if (!error) return [];
  const texts = typeof error.message === "string" ? [error.message] : [];
  for (const messages of Object.values(error.fields ?? {})) if (Array.isArray(messages)) texts.push(...messages.filter((m): m is string => typeof m === "string"));
  return texts;
}

/** The markers of `sent` (the raw request) that appear in `texts`. */
export function echoedMarkers(sent: string, texts: string[]): string[] {
  return MARKERS.filter((marker) => sent.includes(marker) && texts.some((text) => text.includes(marker)));
}
