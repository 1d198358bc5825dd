import "server-only";
import { db, Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { roleKeyFor } from "./default-signoff-roles";
import { createSignoffRoleSchema, type CreateSignoffRoleInput } from "./signoff-role.schema";

export async function createSignoffRole(raw: CreateSignoffRoleInput): Promise<{ key: string; name: string }> {
  const input = createSignoffRoleSchema.parse(raw);
  const key = roleKeyFor(input.name);
  if (!key) throw new AppError("BAD_REQUEST", "Role name needs at least one letter or digit.", { name: ["Role name needs at least one letter or digit."] });
  try {
    return await db.signoffRole.create({ data: { key, name: input.name }, select: { key: true, name: true } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "A sign-off role with this name already exists.", { name: ["A sign-off role with this name already exists."] });
    }
    throw error;
  }
}
