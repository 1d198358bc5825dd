import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as metricsRoute } from "../../app/api/metrics/route";
import { GET as releaseRoute } from "../../app/api/v1/projects/[key]/releases/[id]/route";
import { verifyTrail } from "../../lib/audit/verify-trail";
import { db } from "../../lib/db/client";
import { createRelease } from "../../lib/releases/create-release";
import { setItemState } from "../../lib/releases/set-item-state";
import { createToken } from "../../lib/tokens/tokens";
import { tempCheckpoints } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { importMarkdownTemplate, randomVersion, SMALL_CHECKLIST } from "../support/releases";
import { createTestUser, testContext } from "../support/users";

// The browser-session half of the API wrapper needs Next.js and Auth.js at runtime; these tests
// only send bearer tokens, which never reach it.
vi.mock("../../lib/auth/current-user", () => ({
  getCurrentUser: () => Promise.reject(new Error("a bearer-token request must not look at the session")),
}));

setupTestDatabase();

const TOKEN = "metrics-token-for-the-integration-test-0123";
const scrape = (authorization?: string) =>
  metricsRoute(new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} }));

/** The value of a metric line without labels (or with exactly the given label text), from the exposition text. */
function sample(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((entry) => entry.startsWith(`${name}${labels} `));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

const previous = process.env.COUNTERSIGN_METRICS_TOKEN;
afterEach(() => {
  if (previous === undefined) delete process.env.COUNTERSIGN_METRICS_TOKEN;
  else process.env.COUNTERSIGN_METRICS_TOKEN = previous;
});

let user: Awaited<ReturnType<typeof createTestUser>>;
let releaseId: string;
beforeAll(async () => {
  user = await createTestUser({ appRole: "member" });
  const templateId = await importMarkdownTemplate(SMALL_CHECKLIST);
  releaseId = (await createRelease(testContext(user.id), { templateId, version: randomVersion(), environment: "staging" })).id;
});

describe("GET /api/metrics", () => {
  it("answers 404 with a JSON message while no token is configured", async () => {
    delete process.env.COUNTERSIGN_METRICS_TOKEN;
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/Metrics are disabled/);
    expect(body.error.message).toContain("COUNTERSIGN_METRICS_TOKEN");
  });

  it("answers 401 without the token or with a wrong one, and shows no metrics", async () => {
    process.env.COUNTERSIGN_METRICS_TOKEN = TOKEN;
    for (const authorization of [undefined, `Bearer ${TOKEN}-wrong`, `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`, TOKEN]) {
      const response = await scrape(authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain("countersign_");
    }
  });

  it("serves the Prometheus text format with every Countersign metric to the right token", async () => {
    process.env.COUNTERSIGN_METRICS_TOKEN = TOKEN;
    // Its own checkpoint directory: the default one may hold other runs' checkpoints, which would make the trail look truncated.
    const checkpoints = await tempCheckpoints();
    try {
      expect((await verifyTrail({ checkpointDir: checkpoints.config.dir, publicKeyPem: checkpoints.publicKeyPem })).status).toBe("intact");
    } finally {
      await checkpoints.cleanup();
    }
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of [
      "countersign_http_request_duration_seconds",
      "countersign_audit_events_appended_total",
      "countersign_item_changes_total",
      "countersign_signoffs_total",
      "countersign_audit_verify_last_ok",
      "countersign_audit_verify_last_timestamp_seconds",
      "countersign_db_pool_connections_total",
      "countersign_db_pool_connections_idle",
      "countersign_db_pool_requests_waiting",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, "countersign_audit_verify_last_ok")).toBe(1);
    expect(Date.now() / 1000 - sample(text, "countersign_audit_verify_last_timestamp_seconds")).toBeLessThan(60);
    expect(sample(text, "countersign_db_pool_connections_total")).toBeGreaterThan(0);
  });

  it("counts an item change and its audit event", async () => {
    process.env.COUNTERSIGN_METRICS_TOKEN = TOKEN;
    const before = await (await scrape(`Bearer ${TOKEN}`)).text();
    const item = await db.itemState.findFirstOrThrow({ where: { releaseId }, orderBy: { position: "asc" } });
    await setItemState(testContext(user.id), { releaseId, itemKey: item.itemKey, status: "done", expectedVersion: item.version });
    const after = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(sample(after, "countersign_item_changes_total")).toBe(sample(before, "countersign_item_changes_total") + 1);
    const itemEvents = '{type="item.updated"}';
    expect(sample(after, "countersign_audit_events_appended_total", itemEvents)).toBe(sample(before, "countersign_audit_events_appended_total", itemEvents) + 1);
  });

  it("times API calls under their route pattern, never the raw release id", async () => {
    process.env.COUNTERSIGN_METRICS_TOKEN = TOKEN;
    const { token } = await createToken(testContext(user.id), user.id, { name: "metrics test" });
    const response = await releaseRoute(
      new Request(`http://localhost/api/v1/projects/default/releases/${releaseId}`, { headers: { authorization: `Bearer ${token}`, "x-request-id": "metrics-test-1" } }),
      { params: Promise.resolve({ key: "default", id: releaseId }) },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("metrics-test-1");
    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(sample(text, "countersign_http_request_duration_seconds_count", '{route="/api/v1/projects/[key]/releases/[id]",method="GET",status_class="2xx"}')).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(releaseId);
  });
});
