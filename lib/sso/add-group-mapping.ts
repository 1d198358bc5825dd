import "server-only";
import { db, Prisma } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { findSignoffRole, lockProjectByKey } from "../projects/project-lookups";
import { addGroupMappingSchema, type AddGroupMappingInput } from "./group-mapping.schema";
import { type GroupMappingView, mappingSnapshot } from "./list-group-mappings";

/**
 * An admin (or the CLI: `countersign sso map`) maps a group to what it
 * grants. An unknown project or sign-off role is refused naming its field
 * (project, signer), nothing written. The grants follow at each member's next
 * company sign-in (lib/sso/sync-sso-grants.ts). Audited `sso.mapping_added`.
 */
export async function addGroupMapping(context: AuditContext, raw: AddGroupMappingInput): Promise<GroupMappingView> {
  const input = addGroupMappingSchema.parse(raw);
  try {
    return await db.$transaction(async (tx) => {
      const project = input.project ? await lockProjectByKey(tx, input.project) : null;
      const signer = input.signer
        ? await findSignoffRole(tx, input.signer).catch((error: unknown) => {
            if (error instanceof AppError) throw new AppError("BAD_REQUEST", `Unknown sign-off role ${input.signer}.`, { signer: [`Unknown sign-off role ${input.signer}.`] });
            throw error;
          })
        : null;
      const projectRole = project ? (input.role ?? "contributor") : null;
      const row = await tx.ssoGroupMapping.create({
        data: { groupName: input.group, projectId: project?.id ?? null, projectRole, signoffRoleId: signer?.id ?? null, orgRole: input.orgRole ?? null },
        select: { id: true, groupName: true, projectRole: true, orgRole: true, createdAt: true },
      });
      const view: GroupMappingView = {
        id: row.id,
        group: row.groupName,
        project: project ? { key: project.key, name: project.name } : null,
        projectRole: row.projectRole,
        signoffRole: signer?.name ?? null,
        orgRole: row.orgRole,
        createdAt: row.createdAt,
      };
      await appendAuditEvent(tx, context, {
        type: "sso.mapping_added",
        subject: { kind: "sso_group", id: row.groupName, label: row.groupName },
        data: { after: mappingSnapshot(view) },
      });
      return view;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const message = `The group ${input.group} is already mapped to this.`;
      throw new AppError("CONFLICT", message, { group: [message] });
    }
    throw error;
  }
}
