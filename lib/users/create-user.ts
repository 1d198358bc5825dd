import "server-only";
import { db, Prisma } from "../db/client";
import { hashPassword } from "../auth/password";
import { AppError } from "../errors/app-error";
import { createUserSchema, type CreateUserInput } from "./user.schema";
import { resolveSignoffRoleIds } from "../roles/resolve-signoff-roles";

export type CreatedUser = { id: string; email: string; name: string };

/** An admin (or the CLI) creates a user; there is no self-registration. */
export async function createUser(raw: CreateUserInput): Promise<CreatedUser> {
  const input = createUserSchema.parse(raw);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const roleIds = await resolveSignoffRoleIds(tx, input["signoffRoles[]"]);
      return tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          appRole: input.appRole,
          passwordHash,
          signoffRoles: { create: roleIds.map((roleId) => ({ roleId })) },
        },
        select: { id: true, email: true, name: true },
      });
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "A user with this email already exists.", { email: ["A user with this email already exists."] });
    }
    throw error;
  }
}
