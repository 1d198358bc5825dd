import { describe, expect, it } from "vitest";
import { readSettings } from "../../lib/config/settings";

const env = (values: Record<string, string>) => values as unknown as NodeJS.ProcessEnv;

describe("observability settings", () => {
  it("accepts a long metrics token and a known log level, and leaves both unset by default", () => {
    const settings = readSettings(env({ COUNTERSIGN_METRICS_TOKEN: "0123456789abcdef0123456789abcdef", LOG_LEVEL: "debug" }));
    expect(settings.COUNTERSIGN_METRICS_TOKEN).toBe("0123456789abcdef0123456789abcdef");
    expect(settings.LOG_LEVEL).toBe("debug");
    const defaults = readSettings(env({ COUNTERSIGN_METRICS_TOKEN: "  ", LOG_LEVEL: "" }));
    expect(defaults.COUNTERSIGN_METRICS_TOKEN).toBeUndefined();
    expect(defaults.LOG_LEVEL).toBeUndefined();
  });

  it("refuses a short metrics token, naming the setting", () => {
    expect(() => readSettings(env({ COUNTERSIGN_METRICS_TOKEN: "short" }))).toThrow(/^COUNTERSIGN_METRICS_TOKEN expects at least 24 characters/);
  });

  it("refuses an unknown log level, naming the setting and the choices", () => {
    expect(() => readSettings(env({ LOG_LEVEL: "loud" }))).toThrow(/^LOG_LEVEL expects one of fatal, error, warn, info, debug, trace, silent$/);
  });
});
