import "server-only";
import { db, Prisma } from "../db/client";
import { hashPassword } from "../auth/password";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { resolveSignoffRoleIds } from "../roles/resolve-signoff-roles";
import { DEFAULT_PROJECT_KEY } from "../projects/default-project";
import { lockProjectByKey } from "../projects/project-lookups";
import { joinForSignoffRoles } from "./join-for-signoff-roles";
import { createUserSchema, type CreateUserInput } from "./user.schema";
import { userSnapshot } from "./user-snapshot";

export type CreatedUser = { id: string; email: string; name: string };

/**
 * An admin (or the CLI) creates a user; there is no self-registration. The
 * user joins the project the form names (the default project when none is
 * named) and holds the sign-off roles there. `joinDefaultProject: false`
 * (the demo seed, which puts its users into its own projects) skips joining.
 */
export async function createUser(context: AuditContext, raw: CreateUserInput, options: { joinDefaultProject?: boolean } = {}): Promise<CreatedUser> {
  const input = createUserSchema.parse(raw);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const project = await lockProjectByKey(tx, input.project ?? DEFAULT_PROJECT_KEY);
      const roleIds = await resolveSignoffRoleIds(tx, input.signoffRoles);
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          appRole: input.appRole,
          passwordHash,
        },
        select: { id: true, email: true, name: true },
      });
      if (input.project !== undefined || options.joinDefaultProject !== false) {
        await joinForSignoffRoles(tx, { projectId: project.id, userId: user.id, appRole: input.appRole, holdsRoles: roleIds.length > 0, memberJoins: true });
        await tx.userSignoffRole.createMany({ data: roleIds.map((roleId) => ({ projectId: project.id, userId: user.id, roleId })) });
      }
      const after = await userSnapshot(tx, user.id, project.id);
      await appendAuditEvent(tx, context, {
        type: "user.created",
        subject: after.subject,
        data: {
          project: { key: project.key, name: project.name },
          after: { email: after.email, name: after.name, appRole: after.appRole, signoffRoles: after.signoffRoles, disabled: false },
        },
      });
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "A user with this email already exists.", { email: ["A user with this email already exists."] });
    }
    throw error;
  }
}
