import "server-only";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { removeGroupMappingSchema } from "./group-mapping.schema";
import { mappingSnapshot } from "./list-group-mappings";

/**
 * An admin (or `countersign sso unmap`) removes a group mapping. The grants
 * it gave end at each member's next company sign-in (grants are re-read
 * there); end sessions at once from the Users page where it cannot wait.
 */
export async function removeGroupMapping(context: AuditContext, raw: unknown): Promise<{ group: string }> {
  const input = removeGroupMappingSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const row = await tx.ssoGroupMapping.findUnique({
      where: { id: input.mappingId },
      select: { id: true, groupName: true, projectRole: true, orgRole: true, createdAt: true, project: { select: { key: true, name: true } }, signoffRole: { select: { name: true } } },
    });
    if (!row) throw new AppError("NOT_FOUND", "No such mapping (it may have been removed already).", { mappingId: ["No such mapping."] });
    await tx.ssoGroupMapping.delete({ where: { id: row.id } });
    const view = { id: row.id, group: row.groupName, project: row.project, projectRole: row.projectRole, signoffRole: row.signoffRole?.name ?? null, orgRole: row.orgRole, createdAt: row.createdAt };
    await appendAuditEvent(tx, context, {
      type: "sso.mapping_removed",
      subject: { kind: "sso_group", id: row.groupName, label: row.groupName },
      data: { before: mappingSnapshot(view) },
    });
    return { group: row.groupName };
  });
}
