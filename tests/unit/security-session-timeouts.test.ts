import { describe, expect, it } from "vitest";
import { readSettings } from "../../lib/config/settings";
import { sessionLimits, sessionOptions, withinAbsoluteLimit } from "../../lib/security/session-policy";

/** A process environment holding only these variables. */
const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => vars as NodeJS.ProcessEnv;

const HOUR = 60 * 60;
const DAY = 24 * HOUR;

describe("sessionLimits", () => {
  it("defaults to 8 hours idle and 7 days absolute", () => {
    expect(sessionLimits({})).toEqual({ idleSeconds: 8 * HOUR, absoluteSeconds: 7 * DAY });
  });

  it("reads both from the environment", () => {
    expect(sessionLimits({ COUNTERSIGN_SESSION_MAX_AGE: "900", COUNTERSIGN_SESSION_ABSOLUTE_MAX_AGE: "86400" })).toEqual({
      idleSeconds: 900,
      absoluteSeconds: 86400,
    });
  });

  it("rejects bad values at start-up, naming the setting", () => {
    expect(() => readSettings(env({ COUNTERSIGN_SESSION_ABSOLUTE_MAX_AGE: "soon" }))).toThrow(
      "COUNTERSIGN_SESSION_ABSOLUTE_MAX_AGE expects a number of seconds",
    );
    expect(() => readSettings(env({ COUNTERSIGN_SESSION_ABSOLUTE_MAX_AGE: "10" }))).toThrow(
      "COUNTERSIGN_SESSION_ABSOLUTE_MAX_AGE expects at least 60 seconds",
    );
    expect(readSettings(env()).COUNTERSIGN_SESSION_ABSOLUTE_MAX_AGE).toBe(7 * DAY);
  });
});

describe("withinAbsoluteLimit", () => {
  const limits = { idleSeconds: 8 * HOUR, absoluteSeconds: 7 * DAY };
  const now = 1_800_000_000;

  it("keeps a session signed in up to the limit ago, and ends an older one or one without a sign-in time", () => {
    expect(withinAbsoluteLimit(now - 6 * DAY, limits, now)).toBe(true);
    expect(withinAbsoluteLimit(now - 7 * DAY, limits, now)).toBe(true);
    expect(withinAbsoluteLimit(now - 7 * DAY - 1, limits, now)).toBe(false);
    expect(withinAbsoluteLimit(undefined, limits, now)).toBe(false);
    expect(withinAbsoluteLimit("1800000000", limits, now)).toBe(false);
  });
});

describe("the Auth.js jwt callback", () => {
  type JwtArgs = Parameters<typeof sessionOptions.callbacks.jwt>[0];
  const jwt = (args: Partial<JwtArgs>) => sessionOptions.callbacks.jwt({ token: {}, account: null, ...args } as JwtArgs);
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it("stamps the sign-in time at sign-in", () => {
    const token = jwt({ token: {}, user: { id: "u1", sessionVersion: 3 } as JwtArgs["user"] });
    expect(token).toMatchObject({ sub: "u1", sv: 3 });
    expect(Math.abs((token as { authTime: number }).authTime - nowSeconds())).toBeLessThanOrEqual(1);
  });

  it("keeps a session signed in six days ago and ends one signed in eight days ago", () => {
    expect(jwt({ token: { sub: "u1", authTime: nowSeconds() - 6 * DAY } })).toMatchObject({ sub: "u1" });
    expect(jwt({ token: { sub: "u1", authTime: nowSeconds() - 8 * DAY } })).toBeNull();
    expect(jwt({ token: { sub: "u1" } })).toBeNull();
  });

  it("gives the JWT (and its cookie) the idle limit as lifetime", () => {
    expect(sessionOptions.session).toEqual({ strategy: "jwt", maxAge: 8 * HOUR });
  });
});
