/**
 * Canonical JSON after RFC 8785 (JCS): object keys sorted by UTF-16 code
 * units, no whitespace, ECMAScript number and string serialisation. The
 * audit chain hashes this form, so any tool that implements JCS (or Python's
 * `json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`
 * for the integer-only values we store) reproduces the bytes.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Object keys as JSON strings, remembered: audit events use a few dozen keys
 * over and over, and quoting them was a fifth of this function's time when
 * verifying a million events. Bounded, so odd keys cannot grow it forever.
 */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 10_000;

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
}

export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      // Hand-rolled loops rather than entries/filter/map/join: the verifier runs this once per audit event.
      if (Array.isArray(value)) {
        if (value.length === 0) return "[]";
        let out = "[" + canonicalJson(value[0]);
        for (let index = 1; index < value.length; index += 1) out += "," + canonicalJson(value[index]);
        return out + "]";
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      // The default sort compares UTF-16 code units, which is what RFC 8785 asks for.
      if (keys.length > 1) keys.sort();
      let out = "{";
      let first = true;
      for (let index = 0; index < keys.length; index += 1) {
        const key = keys[index]!;
        const item = record[key];
        if (item === undefined) continue;
        out += (first ? "" : ",") + quoteKey(key) + ":" + canonicalJson(item);
        first = false;
      }
      return out + "}";
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
  }
}
