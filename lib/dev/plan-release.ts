import { randomUUID } from "node:crypto";
import type { Actor } from "../audit/actor";
import { GENESIS_HASH, hashEvent } from "../audit/hash";
import { releaseChain } from "../audit/append-event";
import { isSettled } from "../releases/release-status";
import { contentHash, coveredItemKeys } from "../signoffs/coverage";
import type { TemplateDocument, TemplateItem } from "../templates/document";

/**
 * One generated release, planned in memory: its row, its item states, its
 * sign-offs and its audit chain, in the exact shapes the use cases write
 * (set-item-state, sign-off, finish-release), hashed with the same function.
 * Pure and deterministic for a given random source, so tests can check it.
 */

export type Random = () => number;

/** mulberry32: a small, fast, seedable generator (datasets are reproducible). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type PlanUser = { id: string; name: string; email: string; appRole: string; signoffRoles: string[] };
export type PlanEnvironment = { id: string; key: string; name: string };
export type PlanTemplate = {
  versionId: string;
  name: string;
  version: number;
  document: TemplateDocument;
  /** Items that apply to each environment key, in checklist order. */
  itemsByEnvironment: Map<string, TemplateItem[]>;
  roles: string[];
  contactRoles: string[];
};

export type PlannedEvent = {
  chain: string;
  seq: number;
  type: string;
  occurredAt: Date;
  actor: unknown;
  subject: unknown;
  data: unknown;
  origin: unknown;
  prevHash: string;
  hash: string;
};

export type PlannedItem = {
  itemKey: string;
  status: "open" | "done" | "na" | "blocked";
  reason: string | null;
  note: string | null;
  evidenceLinks: string[];
  assigneeId: string | null;
  required: boolean;
  position: number;
  updatedById: string | null;
  updatedByName: string | null;
  updatedAt: Date | null;
  version: number;
};

export type PlannedSignoff = {
  id: string;
  role: string;
  signerId: string;
  printedName: string;
  meaning: string;
  signedAt: Date;
  contentHash: string;
  coveredItems: string[];
  auditSeq: number;
  auditHash: string;
};

export type PlannedRelease = {
  id: string;
  version: string;
  environment: PlanEnvironment;
  status: "draft" | "in_progress" | "awaiting_signoff" | "approved" | "deployed" | "rolled_back" | "cancelled";
  contacts: { role: string; name: string; phone: string; email: string }[];
  createdById: string;
  createdAt: Date;
  updatedAt: Date;
  itemsTotal: number;
  itemsDone: number;
  requiredOpen: number;
  blockedCount: number;
  outcomeReason: string | null;
  rollbackTrigger: string | null;
  items: PlannedItem[];
  signoffs: PlannedSignoff[];
  events: PlannedEvent[];
};

export type PlanInput = {
  random: Random;
  version: string;
  environment: PlanEnvironment;
  template: PlanTemplate;
  createdAt: Date;
  /** How far the release got: "open" stops part-way through the checklist. */
  fate: "open" | "awaiting_signoff" | "approved" | "deployed" | "rolled_back" | "cancelled";
  /** Extra note edits, to reach a requested number of audit events. */
  extraEvents: number;
  workers: PlanUser[];
  signers: Map<string, PlanUser>;
};

const ORIGIN = { address: "127.0.0.1", userAgent: "countersign dev generate" };
const MEANING = "I reviewed the items my role covers and confirm the release may proceed.";
const REASONS_NA = ["Not used by this service.", "No schema change in this release.", "Covered by the platform team's standing change."];
const REASONS_BLOCKED = ["Waiting for the staging database restore.", "Load test environment is down.", "Vendor sign-off pending."];
const ROLLBACK_TRIGGERS = ["Error rate above 2% for 5 minutes", "p99 latency over SLO", "Failed smoke test"];

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function actorOf(user: PlanUser): Actor {
  return { kind: "user", id: user.id, name: user.name, email: user.email, appRole: user.appRole, signoffRoles: user.signoffRoles };
}

export function planRelease(input: PlanInput): PlannedRelease {
  const { random, template, environment } = input;
  const id = randomUUID();
  const chain = releaseChain(id);
  const subject = { kind: "release", id, label: `${environment.name} ${input.version}` };
  const events: PlannedEvent[] = [];
  let clock = input.createdAt.getTime();
  let status = "draft" as PlannedRelease["status"];
  const tick = (ms: number) => (clock += Math.max(1, Math.round(ms)));
  const append = (type: string, user: PlanUser | null, data: unknown): PlannedEvent => {
    const previous = events.at(-1);
    const content = {
      chain,
      seq: events.length + 1,
      type,
      occurredAt: new Date(clock).toISOString(),
      actor: user ? actorOf(user) : { kind: "system", name: "dev generate" },
      subject,
      data,
      origin: ORIGIN,
    };
    const prevHash = previous?.hash ?? GENESIS_HASH;
    const event = { ...content, occurredAt: new Date(clock), prevHash, hash: hashEvent(prevHash, content) };
    events.push(event);
    return event;
  };
  const setStatus = (next: PlannedRelease["status"], user: PlanUser | null, extra: Record<string, string> = {}) => {
    append("release.status_changed", user, { before: { status }, after: { status: next }, ...extra });
    status = next;
  };

  const creator = pick(random, input.workers);
  const templateItems = template.itemsByEnvironment.get(environment.key) ?? [];
  append("release.created", creator, {
    after: { version: input.version, environment: environment.key, templateName: template.name, templateVersion: template.version, items: templateItems.length },
  });
  const items: PlannedItem[] = templateItems.map((item, position) => ({
    itemKey: item.key,
    status: "open",
    reason: null,
    note: null,
    evidenceLinks: [],
    assigneeId: null,
    required: item.required,
    position,
    updatedById: null,
    updatedByName: null,
    updatedAt: null,
    version: 0,
  }));
  const titleOf = new Map(templateItems.map((item) => [item.key, item.title]));
  const userNames = new Map(input.workers.map((user) => [user.id, user.name]));
  const snapshot = (item: PlannedItem) => ({
    status: item.status,
    reason: item.reason,
    note: item.note,
    evidenceLinks: item.evidenceLinks,
    assignee: item.assigneeId ? (userNames.get(item.assigneeId) ?? null) : null,
  });
  const requiredOpen = () => items.filter((item) => item.required && item.status !== "done" && item.status !== "na").length;
  const change = (item: PlannedItem, user: PlanUser, next: Partial<PlannedItem>) => {
    tick(30_000 + random() * 600_000);
    const before = snapshot(item);
    Object.assign(item, next, { updatedById: user.id, updatedByName: user.name, updatedAt: new Date(clock), version: item.version + 1 });
    append("item.updated", user, { itemKey: item.itemKey, itemTitle: titleOf.get(item.itemKey) ?? item.itemKey, before, after: snapshot(item) });
    const implied = status === "draft" || status === "in_progress" || status === "awaiting_signoff" ? (requiredOpen() === 0 ? "awaiting_signoff" : "in_progress") : status;
    if (implied !== status) setStatus(implied, user);
  };

  // Work through the checklist in order; an open release stops part-way, a cancelled one too.
  const stopAt =
    input.fate === "open" ? Math.floor(random() * items.length) : input.fate === "cancelled" ? Math.floor(random() * items.length * 0.8) : items.length;
  for (const item of items.slice(0, stopAt)) {
    const user = pick(random, input.workers);
    const roll = random();
    if (roll < 0.03) {
      change(item, user, { status: "blocked", reason: pick(random, REASONS_BLOCKED) });
      change(item, user, { status: "done", reason: null });
    } else if (roll < 0.09 && !item.required) {
      change(item, user, { status: "na", reason: pick(random, REASONS_NA) });
    } else if (roll < 0.12) {
      change(item, user, { status: "na", reason: pick(random, REASONS_NA) });
    } else {
      const evidence = random() < 0.2 ? [`https://ci.example.com/builds/${Math.floor(random() * 1e6)}`] : item.evidenceLinks;
      change(item, user, { status: "done", reason: null, evidenceLinks: evidence });
    }
  }
  const editable = Math.max(1, stopAt);
  for (let extra = 0; extra < input.extraEvents && items.length > 0; extra += 1) {
    const item = items[Math.floor(random() * editable)]!;
    change(item, pick(random, input.workers), { note: `Checked again (${extra + 1}).` });
  }

  const signoffs: PlannedSignoff[] = [];
  const signedFates = ["approved", "deployed", "rolled_back"];
  if (signedFates.includes(input.fate) && status === "awaiting_signoff") {
    const keys = new Set(items.map((item) => item.itemKey));
    for (const role of template.roles) {
      const signer = input.signers.get(role);
      if (!signer) continue;
      tick(60_000 + random() * 4 * 3_600_000);
      const covered = coveredItemKeys(template.document, role, keys);
      const wanted = new Set(covered);
      const hash = contentHash({
        release: { id, version: input.version, environment: environment.key, templateVersionId: template.versionId },
        role,
        items: items
          .filter((item) => wanted.has(item.itemKey))
          .map((item) => ({ key: item.itemKey, status: item.status, reason: item.reason, note: item.note, evidenceLinks: item.evidenceLinks })),
      });
      const head = events.at(-1)!;
      signoffs.push({
        id: randomUUID(),
        role,
        signerId: signer.id,
        printedName: signer.name,
        meaning: MEANING,
        signedAt: new Date(clock),
        contentHash: hash,
        coveredItems: covered,
        auditSeq: head.seq,
        auditHash: head.hash,
      });
      append("signoff.signed", signer, {
        after: { role, printedName: signer.name, meaning: MEANING, contentHash: hash, coveredItems: covered.length, auditHead: { seq: head.seq, hash: head.hash } },
      });
    }
    if (signoffs.length === template.roles.length) setStatus("approved", signoffs.length ? input.signers.get(template.roles.at(-1)!)! : null);
  }

  let outcomeReason: string | null = null;
  let rollbackTrigger: string | null = null;
  const finisher = pick(random, input.workers);
  if ((input.fate === "deployed" || input.fate === "rolled_back") && status === "approved") {
    tick(600_000 + random() * 86_400_000);
    setStatus("deployed", finisher);
    if (input.fate === "rolled_back") {
      tick(300_000 + random() * 3_600_000);
      outcomeReason = "Rolled back after the canary alerted.";
      rollbackTrigger = pick(random, ROLLBACK_TRIGGERS);
      setStatus("rolled_back", finisher, { reason: outcomeReason, rollbackTrigger });
    }
  } else if (input.fate === "cancelled") {
    tick(600_000 + random() * 86_400_000);
    outcomeReason = "Superseded by the next release.";
    setStatus("cancelled", finisher, { reason: outcomeReason });
  }

  return {
    id,
    version: input.version,
    environment,
    status,
    contacts: template.contactRoles.map((role, index) => ({
      role,
      name: input.workers[index % input.workers.length]!.name,
      phone: `+1 555 010 ${String(index).padStart(4, "0")}`,
      email: input.workers[index % input.workers.length]!.email,
    })),
    createdById: creator.id,
    createdAt: input.createdAt,
    updatedAt: new Date(clock),
    itemsTotal: items.length,
    itemsDone: items.filter((item) => isSettled(item.status)).length,
    requiredOpen: requiredOpen(),
    blockedCount: items.filter((item) => item.status === "blocked").length,
    outcomeReason,
    rollbackTrigger,
    items,
    signoffs,
    events,
  };
}
