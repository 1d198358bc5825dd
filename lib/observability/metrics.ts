import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { poolStats } from "../db/client";

/**
 * The process's one Prometheus registry and the metrics Countersign reports
 * (docs/decisions/011). Kept on globalThis: Next bundles every route handler
 * separately, so module-level state would exist once per bundle and each
 * copy would see only part of the traffic.
 *
 * No "server-only" here: the CLI appends audit events through the same code.
 */

export type Metrics = {
  registry: Registry;
  requestDuration: Histogram<"route" | "method" | "status_class">;
  auditEvents: Counter<"type">;
  itemChanges: Counter;
  signoffs: Counter;
  auditVerifyOk: Gauge;
  auditVerifyTimestamp: Gauge;
  /** The last full-trail verification seen by this process, for the health page. */
  lastVerification?: { ok: boolean; at: Date };
};

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const metrics: Metrics = {
    registry,
    requestDuration: new Histogram({
      name: "countersign_http_request_duration_seconds",
      help: "Duration of API requests and server actions, by route pattern (never raw ids), method and status class.",
      labelNames: ["route", "method", "status_class"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    auditEvents: new Counter({
      name: "countersign_audit_events_appended_total",
      help: "Audit events appended, by event type.",
      labelNames: ["type"],
      registers: [registry],
    }),
    itemChanges: new Counter({
      name: "countersign_item_changes_total",
      help: "Checklist item changes (item.updated audit events).",
      registers: [registry],
    }),
    signoffs: new Counter({
      name: "countersign_signoffs_total",
      help: "Sign-offs given (signoff.signed audit events).",
      registers: [registry],
    }),
    auditVerifyOk: new Gauge({
      name: "countersign_audit_verify_last_ok",
      help: "Result of the last full audit-trail verification in this process: 1 intact, 0 broken or not verifiable.",
      registers: [registry],
    }),
    auditVerifyTimestamp: new Gauge({
      name: "countersign_audit_verify_last_timestamp_seconds",
      help: "Unix time of the last full audit-trail verification in this process (age = time() - this).",
      registers: [registry],
    }),
  };
  const pool = (name: string, help: string, read: (stats: ReturnType<typeof poolStats>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(poolStats()));
      },
    });
  pool("countersign_db_pool_connections_total", "Connections open in the database pool.", (stats) => stats.total);
  pool("countersign_db_pool_connections_idle", "Idle connections in the database pool.", (stats) => stats.idle);
  pool("countersign_db_pool_requests_waiting", "Queries waiting for a free connection.", (stats) => stats.waiting);
  return metrics;
}

const holder = globalThis as unknown as { countersignMetrics?: Metrics };

export function metrics(): Metrics {
  holder.countersignMetrics ??= createMetrics();
  return holder.countersignMetrics;
}

/** "2xx", "4xx", "5xx" from an HTTP status. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

export function observeRequest(route: string, method: string, status: number, seconds: number): void {
  metrics().requestDuration.observe({ route, method, status_class: statusClass(status) }, seconds);
}

/** Called for every appended audit event (lib/audit/append-event.ts). */
export function countAuditEvent(type: string): void {
  const m = metrics();
  m.auditEvents.inc({ type });
  if (type === "item.updated") m.itemChanges.inc();
  if (type === "signoff.signed") m.signoffs.inc();
}

/** Called when a full-trail verification finishes (lib/audit/verify-trail.ts). */
export function recordAuditVerification(ok: boolean, at: Date = new Date()): void {
  const m = metrics();
  m.auditVerifyOk.set(ok ? 1 : 0);
  m.auditVerifyTimestamp.set(at.getTime() / 1000);
  m.lastVerification = { ok, at };
}

export function lastAuditVerification(): { ok: boolean; at: Date } | undefined {
  return metrics().lastVerification;
}
