import { describe, expect, it } from "vitest";
import { countAuditEvent, lastAuditVerification, metrics, observeRequest, recordAuditVerification, statusClass } from "../../lib/observability/metrics";
import { metricsAccess } from "../../lib/observability/metrics-access";
import { routePattern } from "../../lib/observability/route-pattern";

const value = async (name: string, labels: Record<string, string> = {}) => {
  const metric = await metrics().registry.getSingleMetric(name)?.get();
  const match = metric?.values.find((entry) => Object.entries(labels).every(([key, wanted]) => entry.labels[key] === wanted));
  return match?.value ?? 0;
};

describe("metric registry", () => {
  it("is one registry per process, kept on globalThis", () => {
    const first = metrics();
    expect(metrics()).toBe(first);
    expect((globalThis as { countersignMetrics?: unknown }).countersignMetrics).toBe(first);
  });

  it("counts audit events by type, and item changes and sign-offs among them", async () => {
    const before = { items: await value("countersign_item_changes_total"), signoffs: await value("countersign_signoffs_total"), created: await value("countersign_audit_events_appended_total", { type: "release.created" }) };
    countAuditEvent("item.updated");
    countAuditEvent("item.updated");
    countAuditEvent("signoff.signed");
    countAuditEvent("release.created");
    expect(await value("countersign_item_changes_total")).toBe(before.items + 2);
    expect(await value("countersign_signoffs_total")).toBe(before.signoffs + 1);
    expect(await value("countersign_audit_events_appended_total", { type: "release.created" })).toBe(before.created + 1);
  });

  it("records the last verification as 1 or 0 with its time", async () => {
    recordAuditVerification(true, new Date("2026-11-01T00:00:00Z"));
    expect(await value("countersign_audit_verify_last_ok")).toBe(1);
    expect(await value("countersign_audit_verify_last_timestamp_seconds")).toBe(Date.parse("2026-11-01T00:00:00Z") / 1000);
    recordAuditVerification(false);
    expect(await value("countersign_audit_verify_last_ok")).toBe(0);
    expect(lastAuditVerification()?.ok).toBe(false);
  });

  it("exposes request durations, pool gauges and the default process metrics in the text format", async () => {
    observeRequest("/api/v1/releases/[id]", "GET", 200, 0.042);
    const text = await metrics().registry.metrics();
    expect(text).toContain('countersign_http_request_duration_seconds_count{route="/api/v1/releases/[id]",method="GET",status_class="2xx"}');
    for (const name of ["countersign_db_pool_connections_total", "countersign_db_pool_connections_idle", "countersign_db_pool_requests_waiting", "nodejs_eventloop_lag_seconds", "process_resident_memory_bytes"]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it("classifies statuses", () => {
    expect([200, 201, 302, 404, 409, 500, 503].map(statusClass)).toEqual(["2xx", "2xx", "3xx", "4xx", "4xx", "5xx", "5xx"]);
  });
});

describe("route pattern", () => {
  const id = "3f2b8c1e-9a7d-4c1b-8e2f-0a1b2c3d4e5f";
  it("names dynamic segments from the params", () => {
    expect(routePattern(`/api/v1/releases/${id}/items/docker-image`, { id, itemKey: "docker-image" })).toBe("/api/v1/releases/[id]/items/[itemKey]");
    expect(routePattern("/api/v1/releases", {})).toBe("/api/v1/releases");
  });

  it("does not mistake a static segment for a param with the same value when it comes earlier", () => {
    expect(routePattern(`/api/v1/releases/${id}/items/items`, { id, itemKey: "items" })).toBe("/api/v1/releases/[id]/items/[itemKey]");
  });

  it("names catch-all params once", () => {
    expect(routePattern("/api/auth/callback/credentials", { nextauth: ["callback", "credentials"] })).toBe("/api/auth/[...nextauth]");
  });

  it("never lets a raw id through, even without params", () => {
    expect(routePattern(`/releases/${id}/export`)).toBe("/releases/[id]/export");
    expect(routePattern("/things/12345")).toBe("/things/[id]");
    expect(routePattern(`/x/${"ab".repeat(20)}`)).toBe("/x/[id]");
  });
});

describe("metrics access", () => {
  const token = "a-long-random-metrics-token-0123456789";
  it("is disabled without a configured token, even with a header", () => {
    expect(metricsAccess(`Bearer ${token}`, undefined)).toBe("disabled");
    expect(metricsAccess(`Bearer ${token}`, "   ")).toBe("disabled");
  });
  it("grants the exact bearer token only", () => {
    expect(metricsAccess(`Bearer ${token}`, token)).toBe("granted");
    expect(metricsAccess(`bearer ${token}`, token)).toBe("granted");
    expect(metricsAccess(`Bearer ${token}x`, token)).toBe("denied");
    expect(metricsAccess(`Bearer ${token.slice(0, -1)}`, token)).toBe("denied");
    expect(metricsAccess(token, token)).toBe("denied");
    expect(metricsAccess("Bearer ", token)).toBe("denied");
    expect(metricsAccess(null, token)).toBe("denied");
  });
});
