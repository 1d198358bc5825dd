import { describe, expect, it } from "vitest";
import { loadSettings, StartupError } from "../../lib/config/bootstrap";
import { readSettings, SettingsError } from "../../lib/config/settings";

const SECRET = "s".repeat(32);

/** A process environment holding only these variables. */
const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => vars as NodeJS.ProcessEnv;

function settingsErrorOf(vars: Record<string, string>): SettingsError {
  try {
    readSettings(env(vars));
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error(`readSettings accepted ${JSON.stringify(vars)}`);
}

describe("readSettings", () => {
  it("the GitHub integration: a webhook secret needs the app's id and key, each refusal one line naming the variable", () => {
    const missing = settingsErrorOf({ COUNTERSIGN_GITHUB_WEBHOOK_SECRET: "w".repeat(32) }).message.split("\n");
    expect(missing).toEqual([
      expect.stringMatching(/^COUNTERSIGN_GITHUB_APP_ID is required with COUNTERSIGN_GITHUB_WEBHOOK_SECRET/),
      expect.stringMatching(/^COUNTERSIGN_GITHUB_APP_PRIVATE_KEY is required with COUNTERSIGN_GITHUB_WEBHOOK_SECRET/),
    ]);
    const bad = settingsErrorOf({ COUNTERSIGN_GITHUB_WEBHOOK_SECRET: "w".repeat(32), COUNTERSIGN_GITHUB_APP_ID: "my-app", COUNTERSIGN_GITHUB_APP_PRIVATE_KEY: "not a key", COUNTERSIGN_GITHUB_API_URL: "ftp://x" });
    expect(bad.message.split("\n").map((line) => line.split(" ")[0])).toEqual(["COUNTERSIGN_GITHUB_APP_ID", "COUNTERSIGN_GITHUB_APP_PRIVATE_KEY", "COUNTERSIGN_GITHUB_API_URL"]);
    const key = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----";
    expect(readSettings(env({ COUNTERSIGN_GITHUB_WEBHOOK_SECRET: "w".repeat(32), COUNTERSIGN_GITHUB_APP_ID: "271828", COUNTERSIGN_GITHUB_APP_PRIVATE_KEY: key }))).toMatchObject({ COUNTERSIGN_GITHUB_API_URL: "https://api.github.com" });
  });


  it("accepts an empty environment with defaults", () => {
    const settings = readSettings(env());
    expect(settings).toMatchObject({
      PORT: 3000,
      COUNTERSIGN_DATA_DIR: ".data",
      COUNTERSIGN_SESSION_MAX_AGE: 8 * 60 * 60,
      DATABASE_POOL_MAX: 10,
    });
    expect(settings.DATABASE_URL).toBeUndefined();
    expect(settings.AUTH_SECRET).toBeUndefined();
  });

  it("accepts PostgreSQL URLs in both spellings and treats an empty AUTH_SECRET as unset", () => {
    const settings = readSettings(
      env({
        DATABASE_URL: "postgresql://app:pw@db.internal:5432/countersign",
        DATABASE_OWNER_URL: "postgres://owner:pw@db.internal/countersign",
        AUTH_SECRET: "   ",
        PORT: "8080",
      }),
    );
    expect(settings.DATABASE_URL).toBe("postgresql://app:pw@db.internal:5432/countersign");
    expect(settings.AUTH_SECRET).toBeUndefined();
    expect(settings.PORT).toBe(8080);
  });

  it.each(["mysql://root:hunter2@localhost/db", "http://localhost:5432/db", "localhost:5432", "postgresql://", "postgresql://a b@host/db"])(
    "rejects the non-PostgreSQL DATABASE_URL %j, naming the setting and not echoing the value",
    (url) => {
      const error = settingsErrorOf({ DATABASE_URL: url });
      expect(error.message).toMatch(/^DATABASE_URL expects a PostgreSQL URL/);
      expect(error.message).not.toContain("hunter2");
    },
  );

  it.each([
    ["abc", "PORT expects a TCP port number"],
    ["3000.5", "PORT expects a TCP port number"],
    ["0", "PORT expects a TCP port between 1 and 65535"],
    ["65536", "PORT expects a TCP port between 1 and 65535"],
  ])("rejects PORT=%j", (port, message) => {
    expect(settingsErrorOf({ PORT: port }).message).toBe(message);
  });

  it("rejects a short AUTH_SECRET", () => {
    expect(settingsErrorOf({ AUTH_SECRET: "too-short" }).message).toMatch(/^AUTH_SECRET expects at least 32 characters/);
    expect(readSettings(env({ AUTH_SECRET: SECRET })).AUTH_SECRET).toBe(SECRET);
  });

  it("refuses a malformed COUNTERSIGN_SMTP_URL in one line naming it; takes smtp:// and smtps:// with credentials, a sender, the worker's place", () => {
    for (const value of ["mail.example.com:587", "http://mail.example.com", "smtp://", "smtp://host/path"]) {
      expect(settingsErrorOf({ COUNTERSIGN_SMTP_URL: value }).message, value).toMatch(/^COUNTERSIGN_SMTP_URL expects an SMTP URL such as smtp:\/\/user:password@mail\.example\.com:587[^\n]*$/);
    }
    expect(readSettings(env({ COUNTERSIGN_SMTP_URL: "smtps://user:secret@mail.example.com:465" })).COUNTERSIGN_SMTP_URL).toBe("smtps://user:secret@mail.example.com:465");
    expect(readSettings(env({ COUNTERSIGN_MAIL_FROM: "Countersign <cs@example.com>" })).COUNTERSIGN_MAIL_FROM).toBe("Countersign <cs@example.com>");
    expect(settingsErrorOf({ COUNTERSIGN_MAIL_FROM: "not an address" }).message).toMatch(/^COUNTERSIGN_MAIL_FROM expects a sender address/);
    expect(readSettings(env({ COUNTERSIGN_DEV_MAIL: "true" })).COUNTERSIGN_DEV_MAIL).toBe(true);
    expect(readSettings(env()).COUNTERSIGN_DEV_MAIL).toBe(false);
    expect(readSettings(env()).COUNTERSIGN_WORKER).toBe("embedded");
    expect(settingsErrorOf({ COUNTERSIGN_WORKER: "elsewhere" }).message).toMatch(/^COUNTERSIGN_WORKER expects embedded/);
  });

  it("accepts COUNTERSIGN_PUBLIC_URL as an origin with a host name, and refuses paths, IP addresses and other schemes", () => {
    expect(readSettings(env({ COUNTERSIGN_PUBLIC_URL: "https://countersign.example.com" })).COUNTERSIGN_PUBLIC_URL).toBe("https://countersign.example.com");
    expect(readSettings(env({ COUNTERSIGN_PUBLIC_URL: "http://localhost:3000/" })).COUNTERSIGN_PUBLIC_URL).toBe("http://localhost:3000/");
    expect(readSettings(env({ COUNTERSIGN_PUBLIC_URL: "  " })).COUNTERSIGN_PUBLIC_URL).toBeUndefined();
    for (const value of ["https://countersign.example.com/app", "https://10.0.0.5", "https://[::1]:3000", "ftp://countersign.example.com", "countersign.example.com", "https://u:p@host.example"]) {
      expect(settingsErrorOf({ COUNTERSIGN_PUBLIC_URL: value }).message, value).toMatch(/^COUNTERSIGN_PUBLIC_URL expects the URL people open Countersign at/);
    }
  });

  it("reports one line per bad setting", () => {
    const lines = settingsErrorOf({ DATABASE_URL: "nope", PORT: "nope", AUTH_SECRET: "short" }).message.split("\n");
    expect(lines.map((line) => line.split(" ")[0]).sort()).toEqual(["AUTH_SECRET", "DATABASE_URL", "PORT"]);
  });
});

describe("loadSettings", () => {
  it("refuses NODE_ENV=production without AUTH_SECRET", () => {
    expect(() => loadSettings(env({ NODE_ENV: "production" }))).toThrow(StartupError);
    expect(() => loadSettings(env({ NODE_ENV: "production" }))).toThrow(
      /^Configuration error: AUTH_SECRET is required when NODE_ENV=production/,
    );
  });

  it("accepts production with an AUTH_SECRET, and development without one", () => {
    expect(loadSettings(env({ NODE_ENV: "production", AUTH_SECRET: SECRET })).AUTH_SECRET).toBe(SECRET);
    expect(loadSettings(env({ NODE_ENV: "development" })).AUTH_SECRET).toBeUndefined();
  });

  it("refuses DATABASE_OWNER_URL without DATABASE_URL", () => {
    expect(() => loadSettings(env({ DATABASE_OWNER_URL: "postgresql://owner@localhost/db" }))).toThrow(
      /^Configuration error: DATABASE_OWNER_URL is set without DATABASE_URL/,
    );
  });

  it("turns bad settings into a one-line StartupError", () => {
    expect(() => loadSettings(env({ PORT: "http" }))).toThrow(new StartupError("Configuration error: PORT expects a TCP port number"));
  });
});
