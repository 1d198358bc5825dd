/**
 * Canonical JSON after RFC 8785 (JCS): object keys sorted by UTF-16 code
 * units, no whitespace, ECMAScript number and string serialisation. The
 * audit chain hashes this form, so any tool that implements JCS (or Python's
 * `json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`
 * for the integer-only values we store) reproduces the bytes.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
      return JSON.stringify(value);
    case "string":
      return JSON.stringify(value);
    case "object": {
      // Hand-rolled loops rather than entries/filter/map/join: the verifier runs this once per audit event.
      if (Array.isArray(value)) {
        let out = "[";
        for (let index = 0; index < value.length; index += 1) {
          if (index > 0) out += ",";
          out += canonicalJson(value[index]);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      // The default sort compares UTF-16 code units, which is what RFC 8785 asks for.
      const keys = Object.keys(record).sort();
      let out = "{";
      let first = true;
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        if (!first) out += ",";
        first = false;
        out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
  }
}
