import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, logLevelFrom, scrubCredentials } from "../../lib/observability/logger";
import { requestIdFrom, runWithRequestContext } from "../../lib/observability/request-context";

/** A logger writing into an array of parsed JSON lines. */
function capture(level = "info") {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level, destination });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("logger", () => {
  it("writes one JSON object per line with level, time, message and service", () => {
    const { logger, lines, parsed } = capture();
    logger.info({ route: "/api/v1/me" }, "request");
    logger.warn("second");
    expect(lines).toHaveLength(2);
    const [first, second] = parsed();
    expect(first).toMatchObject({ level: "info", msg: "request", route: "/api/v1/me", service: "countersign" });
    expect(new Date(String(first!.time)).toISOString()).toBe(first!.time);
    expect(second).toMatchObject({ level: "warn", msg: "second" });
  });

  it("puts the request id of the request being served on every line", () => {
    const { logger, parsed } = capture();
    runWithRequestContext({ requestId: "req-123" }, () => {
      logger.info("inside");
      logger.error({ err: new Error("boom") }, "failed");
    });
    logger.info("outside");
    const [inside, failed, outside] = parsed();
    expect(inside!.requestId).toBe("req-123");
    expect(failed!.requestId).toBe("req-123");
    expect(outside).not.toHaveProperty("requestId");
  });

  it("keeps the request id across awaits", async () => {
    const { logger, parsed } = capture();
    await runWithRequestContext({ requestId: "req-async" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.info("later");
    });
    expect(parsed()[0]!.requestId).toBe("req-async");
  });

  it("redacts secrets at the top level and nested, whatever the casing of the header names", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        password: "hunter2-top",
        token: "tok-top",
        secret: "s3cr3t",
        user: { password: "hunter2-nested", name: "Ada" },
        headers: { authorization: "Bearer abc.def", cookie: "authjs.session-token=xyz", "set-cookie": "a=b" },
        config: { AUTH_SECRET: "auth-secret-value", DATABASE_URL: "postgresql://u:dbpw@h/db" },
        input: { body: { newPassword: "deep-password" } },
      },
      "with secrets",
    );
    const line = lines[0]!;
    for (const secret of ["hunter2-top", "tok-top", "s3cr3t", "hunter2-nested", "abc.def", "xyz", "a=b", "auth-secret-value", "dbpw", "deep-password"]) {
      expect(line).not.toContain(secret);
    }
    const parsed = JSON.parse(line) as { user: { name: string; password: string }; headers: { authorization: string } };
    expect(parsed.user.name).toBe("Ada");
    expect(parsed.user.password).toBe("[Redacted]");
    expect(parsed.headers.authorization).toBe("[Redacted]");
  });

  it("removes passwords of connection strings from error messages and stacks", () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error("connect failed: postgresql://countersign_app:p4ssw0rd@db:5432/app") }, "db down");
    expect(lines[0]).not.toContain("p4ssw0rd");
    expect(JSON.parse(lines[0]!).err.message).toBe("connect failed: postgresql://countersign_app:[Redacted]@db:5432/app");
    expect(scrubCredentials("https://user:pw@example.com/x and plain text")).toBe("https://user:[Redacted]@example.com/x and plain text");
  });

  it("honours the level: debug lines are dropped at info", () => {
    const { logger, lines } = capture("info");
    logger.debug("hidden");
    logger.info("shown");
    expect(lines).toHaveLength(1);
    expect(logLevelFrom("DEBUG")).toBe("debug");
    expect(logLevelFrom("loud")).toBe("info");
    expect(logLevelFrom(undefined)).toBe("info");
  });
});

describe("request id", () => {
  it("uses the x-request-id header when it looks like one, else a new UUID", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "abc-123" }))).toBe("abc-123");
    const generated = requestIdFrom(new Headers());
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(new Headers())).not.toBe(generated);
    const raw = (value: string) => ({ get: (name: string) => (name === "x-request-id" ? value : null) });
    expect(requestIdFrom(raw("has space\ninjected"))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(raw("  padded-id  "))).toBe("padded-id");
    expect(requestIdFrom(new Headers({ "x-request-id": "x".repeat(129) }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(null)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
