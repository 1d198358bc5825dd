import "server-only";
import { db, Prisma } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { roleKeyFor } from "./default-signoff-roles";
import { createSignoffRoleSchema, type CreateSignoffRoleInput } from "./signoff-role.schema";

export async function createSignoffRole(context: AuditContext, raw: CreateSignoffRoleInput): Promise<{ key: string; name: string }> {
  const input = createSignoffRoleSchema.parse(raw);
  const key = roleKeyFor(input.name);
  if (!key) throw new AppError("BAD_REQUEST", "Role name needs at least one letter or digit.", { name: ["Role name needs at least one letter or digit."] });
  try {
    return await db.$transaction(async (tx) => {
      const role = await tx.signoffRole.create({ data: { key, name: input.name }, select: { id: true, key: true, name: true } });
      await appendAuditEvent(tx, context, {
        type: "signoff_role.created",
        subject: { kind: "signoff_role", id: role.id, label: role.name },
        data: { after: { key: role.key, name: role.name } },
      });
      return { key: role.key, name: role.name };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "A sign-off role with this name already exists.", { name: ["A sign-off role with this name already exists."] });
    }
    throw error;
  }
}
