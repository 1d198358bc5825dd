import "server-only";
import type { AppRole, ItemStatus, ProjectRole, ReleaseStatus } from "../db/client";
import { sqlTransaction } from "../db/sql";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent, releaseChain } from "../audit/append-event";
import { AppError, nameForMessage } from "../errors/app-error";
import { allItems } from "../templates/document";
import { loadTemplateDocument } from "../templates/load-template-document";
import { publishReleaseChange } from "./notify";
import { markSignoffsStale } from "../signoffs/mark-stale";
import { applyItemStateSchema, type ApplyItemStateInput, type ItemChange } from "./release.schema";
import { isFinished, needsReason, progressAfter, statusFromProgress } from "./release-status";
import { ASSIGNABLE_COLUMNS, isAssignable, NOT_ASSIGNABLE_MESSAGE } from "../users/list-assignable-users";

export type ItemStateView = {
  itemKey: string;
  status: ItemStatus;
  reason: string | null;
  note: string | null;
  evidenceLinks: string[];
  assigneeId: string | null;
  updatedByName: string | null;
  updatedAt: string | null;
  version: number;
};

export type ReleaseProgress = { status: ReleaseStatus; itemsTotal: number; itemsDone: number; requiredOpen: number; blockedCount: number };


export function toItemView(row: {
  itemKey: string;
  status: ItemStatus;
  reason: string | null;
  note: string | null;
  evidenceLinks: string[];
  assigneeId: string | null;
  updatedByName: string | null;
  updatedAt: Date | null;
  version: number;
}): ItemStateView {
  return { ...row, updatedAt: row.updatedAt?.toISOString() ?? null };
}

const ITEM_COLUMNS = `item_key, status, reason, note, evidence_links, assignee_id::text, updated_by_name, updated_at, version`;

type ItemStateRow = {
  item_key: string;
  status: ItemStatus;
  reason: string | null;
  note: string | null;
  evidence_links: string[];
  assignee_id: string | null;
  updated_by_name: string | null;
  updated_at: Date | null;
  version: number;
};

function fromRow(row: ItemStateRow) {
  return {
    itemKey: row.item_key,
    status: row.status,
    reason: row.reason,
    note: row.note,
    evidenceLinks: row.evidence_links,
    assigneeId: row.assignee_id,
    updatedByName: row.updated_by_name,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** The locked read: the item (as ItemStateRow), its release's state and counters, the assignee's name. */
type LockedItemRow = ItemStateRow & {
  project_id: string;
  release_status: ReleaseStatus;
  release_version: string;
  template_version_id: string;
  env: string;
  items_total: number;
  items_done: number;
  required_open: number;
  blocked_count: number;
  required: boolean;
  assignee_name: string | null;
};

/**
 * Changes one item of a release: its status (N/A and blocked need a reason),
 * note, evidence links and assignee. The caller says which item version it
 * saw; if someone changed the item since, the change is refused with the
 * current state (409) and nothing is written. Without a version (API callers
 * that do not track versions) the change applies on top of the current state.
 * The item, the release's progress and status, the signatures it makes stale,
 * and the audit events commit together; browsers are told after the commit.
 */
export async function setItemState(context: AuditContext, raw: ApplyItemStateInput): Promise<{ item: ItemStateView; release: ReleaseProgress }> {
  return applyItemChange(context, applyItemStateSchema.parse(raw));
}

/** setItemState for a change its boundary (the server action, the API route) has already validated: no second parse on the hot path. */
export async function applyItemChange(context: AuditContext, input: ItemChange): Promise<{ item: ItemStateView; release: ReleaseProgress }> {
  // Plain SQL on the app's pool rather than Prisma: this is the hottest path (ADR 013).
  const result = await sqlTransaction(async (tx) => {
    // One round trip: the release (locked, so its items and chain change one writer at a time), the item, its assignee's name.
    const [row] = await tx.query<LockedItemRow>(
      `SELECT r.project_id::text AS project_id, r.status AS release_status, r.version AS release_version, r.template_version_id::text, e.name AS env,
             r.items_total, r.items_done, r.required_open, r.blocked_count,
             i.item_key, i.status, i.reason, i.note, i.evidence_links, i.assignee_id::text,
             i.updated_by_name, i.updated_at, i.version, i.required, u.name AS assignee_name
      FROM releases r
      JOIN environments e ON e.id = r.environment_id
      JOIN item_states i ON i.release_id = r.id AND i.item_key = $2
      LEFT JOIN users u ON u.id = i.assignee_id
      WHERE r.id = $1::uuid FOR UPDATE OF r, i`,
      [input.releaseId, input.itemKey],
    );
    // Both rows are locked: after waiting for another writer, PostgreSQL re-reads both, so the item is never a stale copy.
    if (!row) {
      const [exists] = await tx.query(`SELECT 1 FROM releases WHERE id = $1::uuid`, [input.releaseId]);
      if (!exists) throw new AppError("NOT_FOUND", "Release not found.");
      throw new AppError("NOT_FOUND", `Item ${input.itemKey} is not part of this release.`, { itemKey: ["This item is not part of the release."] });
    }
    if (row.release_status === "approved") {
      throw new AppError("CONFLICT", "This release is approved; its items cannot change until an admin reopens it.");
    }
    if (isFinished(row.release_status)) {
      throw new AppError("CONFLICT", `This release is ${row.release_status.replace("_", " ")}; its checklist is read-only.`);
    }
    const current = fromRow(row);
    // Without an expected version (API callers that do not track versions) the change applies on top of the current one.
    const expectedVersion = input.expectedVersion ?? current.version;
    if (current.version !== expectedVersion) {
      throw new AppError(
        "CONFLICT",
        `Someone else changed this item (now ${current.status === "na" ? "not applicable" : current.status}${current.updatedByName ? `, by ${current.updatedByName}` : ""}). Review it and try again.`,
        undefined,
        { current: toItemView(current) },
      );
    }

    const beforeAssignee = row.assignee_name;
    let assigneeName = beforeAssignee;
    const assigneeId = input.assigneeId === undefined ? current.assigneeId : input.assigneeId;
    if (assigneeId !== current.assigneeId) {
      const [assignee] = assigneeId
        ? await tx.query<{ name: string; appRole: AppRole; disabledAt: Date | null; projects: { id: string; role: ProjectRole }[] }>(
            `SELECT u.name, ${ASSIGNABLE_COLUMNS} FROM users u WHERE u.id = $1::uuid`,
            [assigneeId],
          )
        : [];
      if (assigneeId && !assignee) throw new AppError("BAD_REQUEST", "Unknown assignee.", { assigneeId: ["Choose an active user."] });
      if (assignee && !isAssignable(assignee, { id: row.project_id })) {
        throw new AppError("BAD_REQUEST", `${nameForMessage(assignee.name, "This person")} cannot be assigned items.`, { assigneeId: [NOT_ASSIGNABLE_MESSAGE] });
      }
      assigneeName = assignee?.name ?? null;
    }
    const after = {
      status: input.status,
      reason: needsReason(input.status) ? (input.reason ?? null) : null,
      note: input.note === undefined ? current.note : input.note.trim() === "" ? null : input.note,
      evidenceLinks: input.evidenceLinks ?? current.evidenceLinks,
      assigneeId,
    };
    const unchanged =
      after.status === current.status &&
      after.reason === current.reason &&
      after.note === current.note &&
      after.assigneeId === current.assigneeId &&
      after.evidenceLinks.join("\n") === current.evidenceLinks.join("\n");
    if (unchanged) {
      const progress = { status: row.release_status, itemsTotal: row.items_total, itemsDone: row.items_done, requiredOpen: row.required_open, blockedCount: row.blocked_count };
      return { item: toItemView(current), release: progress, changed: false, staled: 0 };
    }

    const before = { status: current.status };
    const now = new Date();
    const [updated] = await tx.query<ItemStateRow>(
      `UPDATE item_states SET status = $3::"ItemStatus", reason = $4, note = $5, evidence_links = $6::text[], assignee_id = $7::uuid,
              updated_by_id = $8::uuid, updated_by_name = $9, updated_at = $10, version = version + 1
       WHERE release_id = $1::uuid AND item_key = $2 AND version = $11
       RETURNING ${ITEM_COLUMNS}`,
      [input.releaseId, input.itemKey, after.status, after.reason, after.note, after.evidenceLinks, after.assigneeId, context.actor.id ?? null, context.actor.name, now, expectedVersion],
    );
    if (!updated) throw new Error("The locked item did not update.");

    // The counters move by this item's change alone (the release row is locked), instead of recounting every item.
    const counts = progressAfter(row, { required: row.required, before: current.status, after: after.status });
    const status = statusFromProgress(row.release_status, { requiredOpen: counts.requiredOpen, touched: true });
    await tx.query(
      `UPDATE releases SET status = $2::"ReleaseStatus", items_done = $3, required_open = $4, blocked_count = $5, updated_at = $6 WHERE id = $1::uuid`,
      [input.releaseId, status, counts.done, counts.requiredOpen, counts.blocked, now],
    );
    const progress = { status, itemsTotal: row.items_total, itemsDone: counts.done, requiredOpen: counts.requiredOpen, blockedCount: counts.blocked };

    const document = await loadTemplateDocument(row.template_version_id);
    const title = allItems(document).find(({ item }) => item.key === input.itemKey)?.item.title ?? input.itemKey;
    const chain = releaseChain(input.releaseId);
    const subject = { kind: "release", id: input.releaseId, label: `${row.env} ${row.release_version}` };
    await appendAuditEvent(tx, context, {
      type: "item.updated",
      chain,
      subject,
      data: {
        itemKey: input.itemKey,
        itemTitle: title,
        before: { status: current.status, reason: current.reason, note: current.note, evidenceLinks: current.evidenceLinks, assignee: beforeAssignee },
        after: { status: after.status, reason: after.reason, note: after.note, evidenceLinks: after.evidenceLinks, assignee: assigneeName },
      },
    });
    if (status !== row.release_status) {
      await appendAuditEvent(tx, context, { type: "release.status_changed", chain, subject, data: { before: { status: row.release_status }, after: { status } } });
    }
    const describe = (state: { status: string }) => (state.status === "na" ? "not applicable" : state.status);
    const changes = [
      ...(before.status !== after.status ? [`${describe(before)} → ${describe(after)}`] : []),
      ...(current.reason !== after.reason && before.status === after.status ? ["reason changed"] : []),
      ...(current.note !== after.note ? [current.note ? (after.note ? "note changed" : "note removed") : "note added"] : []),
      ...(current.evidenceLinks.join("\n") !== after.evidenceLinks.join("\n") ? ["evidence changed"] : []),
      ...(current.assigneeId !== after.assigneeId ? ["assignee changed"] : []),
    ];
    const what = changes.join(", ") || "details changed";
    const staled = await markSignoffsStale(tx, context, { id: input.releaseId, label: subject.label }, [input.itemKey], `“${title}” changed: ${what}`);
    return { item: toItemView(fromRow(updated)), release: progress, changed: true, staled };
  });
  if (result.changed) await publishReleaseChange({ releaseId: input.releaseId, kind: "item", itemKey: input.itemKey });
  if (result.staled > 0) await publishReleaseChange({ releaseId: input.releaseId, kind: "signoff" });
  return { item: result.item, release: result.release };
}
