import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../lib/audit/canonical-json";

/** The definition, written the slow and obvious way: rebuild every object with its keys sorted, then JSON.stringify. */
function reference(value: unknown): string {
  const sorted = (entry: unknown): unknown => {
    if (Array.isArray(entry)) return entry.map(sorted);
    if (entry && typeof entry === "object") {
      return Object.fromEntries(Object.keys(entry).sort().map((key) => [key, sorted((entry as Record<string, unknown>)[key])]));
    }
    return entry;
  };
  // Objects order integer-like keys first whatever the insertion order, so the property below leaves those out
  // (the examples above cover them).
  return JSON.stringify(sorted(value));
}
const hasIntegerLikeKey = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.some(hasIntegerLikeKey)
    : !!value && typeof value === "object" && Object.keys(value).some((key) => /^(0|[1-9]\d*)$/.test(key) || hasIntegerLikeKey((value as Record<string, unknown>)[key]));

describe("canonicalJson", () => {
  it("sorts object keys, whatever order they were inserted in", () => {
    expect(canonicalJson({ b: 1, a: 2, c: 3 })).toBe('{"a":2,"b":1,"c":3}');
    expect(canonicalJson({ c: 3, a: 2, b: 1 })).toBe(canonicalJson({ a: 2, b: 1, c: 3 }));
    // Upper case sorts before lower case (code units), and digit keys as strings, not numbers.
    expect(canonicalJson({ b: 0, B: 0, a: 0, A: 0 })).toBe('{"A":0,"B":0,"a":0,"b":0}');
    expect(canonicalJson({ 9: "nine", 10: "ten", 1: "one" })).toBe('{"1":"one","10":"ten","9":"nine"}');
  });

  it("sorts keys by UTF-16 code units as RFC 8785 requires", () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB01 by code unit
    // (though after it by code point).
    expect(canonicalJson({ "\uFB01": 1, "\u{1F600}": 2 })).toBe('{"\u{1F600}":2,"\uFB01":1}');
    expect(canonicalJson({ é: 1, z: 2, "\u00e9a": 3 })).toBe('{"z":2,"é":1,"éa":3}');
  });

  it("sorts nested objects, keeps array order, and writes no whitespace", () => {
    const value = { outer: { y: [3, 1, 2], x: { d: [{ b: 2, a: 1 }], c: {} } }, list: [[], {}, [null]] };
    expect(canonicalJson(value)).toBe('{"list":[[],{},[null]],"outer":{"x":{"c":{},"d":[{"a":1,"b":2}]},"y":[3,1,2]}}');
  });

  it("encodes strings with quotes, backslashes, control characters and unicode as JSON does, without \\u-escaping non-ASCII", () => {
    expect(canonicalJson('say "hi"')).toBe('"say \\"hi\\""');
    expect(canonicalJson("a\\b")).toBe('"a\\\\b"');
    expect(canonicalJson("line\nbreak\ttab\r\b\f")).toBe('"line\\nbreak\\ttab\\r\\b\\f"');
    expect(canonicalJson("\u0000\u0001\u001f")).toBe('"\\u0000\\u0001\\u001f"');
    expect(canonicalJson("café ✓ 😀 日本")).toBe('"café ✓ 😀 日本"');
    expect(canonicalJson("\u007f")).toBe('"\u007f"');
    expect(canonicalJson("")).toBe('""');
  });

  it("encodes numbers, booleans and null in their shortest form", () => {
    expect(canonicalJson(0)).toBe("0");
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson(42)).toBe("42");
    expect(canonicalJson(-7)).toBe("-7");
    expect(canonicalJson(1.5)).toBe("1.5");
    expect(canonicalJson(0.1)).toBe("0.1");
    expect(canonicalJson(1e21)).toBe("1e+21");
    expect(canonicalJson(Number.MAX_SAFE_INTEGER)).toBe("9007199254740991");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(false)).toBe("false");
    expect(canonicalJson(null)).toBe("null");
  });

  it("drops keys whose value is undefined, as JSON.stringify does", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson({ nested: { gone: undefined } })).toBe('{"nested":{}}');
    expect(canonicalJson({ a: undefined })).toBe(canonicalJson({}));
  });

  it("refuses non-finite numbers anywhere in the value", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
      expect(() => canonicalJson({ a: { b: [1, bad] } })).toThrow(/non-finite/);
    }
  });

  it("refuses values JSON cannot hold", () => {
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
    expect(() => canonicalJson(Symbol("s"))).toThrow(TypeError);
  });

  it("equals Python's json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False) for a sample", () => {
    const sample = {
      b: 1,
      a: [3, { z: null, y: true, x: false }],
      é: 'café "quoted" \\ back\nline\ttab',
      A: -12,
      emoji: "😀 ✓",
      nested: { k2: { d: [], c: {} }, k1: 0.5 },
      ctl: "\u0001\u001f",
      10: "ten",
      9: "nine",
    };
    // Worked out by hand from Python's rules: keys sorted by code point ("10" < "9" < "A" < "a" < ... < "é"),
    // "," and ":" without spaces, non-ASCII kept as is, control characters as lowercase \u00XX.
    const python =
      '{"10":"ten","9":"nine","A":-12,"a":[3,{"x":false,"y":true,"z":null}],"b":1,"ctl":"\\u0001\\u001f",' +
      '"emoji":"😀 ✓","nested":{"k1":0.5,"k2":{"c":{},"d":[]}},"é":"café \\"quoted\\" \\\\ back\\nline\\ttab"}';
    expect(canonicalJson(sample)).toBe(python);
  });

  it("equals the obvious definition for any JSON value (property test), however often keys repeat", () => {
    const json = fc.jsonValue({ maxDepth: 4 }).filter((value) => !hasIntegerLikeKey(value));
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
        // A second time, with every key already remembered.
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });
});
