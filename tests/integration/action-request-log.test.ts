import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Writable } from "node:stream";
import { createLogger } from "../../lib/observability/logger";
import { createToken } from "../../lib/tokens/tokens";
import { setupTestDatabase } from "../support/database";
import { createTestUser, type TestUser, testContext } from "../support/users";

/**
 * The log line of a server action carries the signed-in user's id, with the
 * same fields as a JSON API request's line (lib/observability/observe-request.ts):
 * a real action through the real wrapper, session check and use case; only
 * Next's request headers and Auth.js's cookie decoding are stand-ins.
 */
const request = vi.hoisted(() => ({ session: null as null | { userId: string; sessionVersion: number } }));
const HOST = "countersign.example.test";
vi.mock("next/headers", () => ({ headers: async () => new Headers({ origin: `http://${HOST}`, host: HOST }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("../../lib/auth/auth", () => ({ auth: async () => request.session, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

const { createTokenAction } = await import("../../app/(app)/profile/actions");
const { GET: me } = await import("../../app/api/v1/me/route");

setupTestDatabase();

let user: TestUser;
beforeAll(async () => {
  user = await createTestUser();
});
afterEach(() => {
  request.session = null;
});

const holder = globalThis as unknown as { countersignLogger?: unknown };

/** The "request" lines (as written, parsed) the process logger wrote while `run` ran. */
async function requestLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const previous = holder.countersignLogger;
  holder.countersignLogger = createLogger({ level: "info", destination });
  try {
    await run();
  } finally {
    holder.countersignLogger = previous;
  }
  return lines.filter((line) => line.msg === "request");
}

describe("request log lines of server actions", () => {
  it("carry the signed-in user's id and the same fields as an API request line", async () => {
    request.session = { userId: user.id, sessionVersion: 1 };
    const form = new FormData();
    form.set("name", "log test");
    let result: unknown;
    const [actionLine] = await requestLines(async () => {
      result = await createTokenAction({ status: "idle" }, form);
    });
    expect(result).toMatchObject({ status: "success" });
    expect(actionLine).toMatchObject({ route: "action:createToken", method: "POST", status: 200, userId: user.id });

    const { token } = await createToken(testContext(user.id), user.id, { name: "api" });
    const [apiLine] = await requestLines(() => me(new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) }));
    expect(apiLine).toMatchObject({ route: "/api/v1/me", status: 200, userId: user.id });
    expect(Object.keys(actionLine!).sort()).toEqual(Object.keys(apiLine!).sort());
  });

  it("carry userId null when nobody is signed in (the action is refused)", async () => {
    const [line] = await requestLines(() => createTokenAction({ status: "idle" }, new FormData()));
    expect(line).toMatchObject({ route: "action:createToken", status: 401, userId: null });
  });
});
