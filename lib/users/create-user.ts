import "server-only";
import { db, Prisma } from "../db/client";
import { hashPassword } from "../auth/password";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { resolveSignoffRoleIds } from "../roles/resolve-signoff-roles";
import { DEFAULT_PROJECT_ID } from "../projects/default-project";
import { defaultProjectRoleFor } from "../auth/permissions";
import { createUserSchema, type CreateUserInput } from "./user.schema";
import { userSnapshot } from "./user-snapshot";

export type CreatedUser = { id: string; email: string; name: string };

/**
 * An admin (or the CLI) creates a user; there is no self-registration.
 * `joinDefaultProject: false` (the demo seed, which puts its users into its
 * own projects) skips the transitional joining of the default project.
 */
export async function createUser(context: AuditContext, raw: CreateUserInput, options: { joinDefaultProject?: boolean } = {}): Promise<CreatedUser> {
  const input = createUserSchema.parse(raw);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
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
      // Transitional (issue 11): a member, or anyone given sign-off roles, joins the default project and holds the roles there.
      const projectRole = options.joinDefaultProject === false ? null : defaultProjectRoleFor(input.appRole, roleIds.length > 0);
      if (projectRole) {
        await tx.projectMember.create({ data: { projectId: DEFAULT_PROJECT_ID, userId: user.id, role: projectRole } });
        await tx.userSignoffRole.createMany({ data: roleIds.map((roleId) => ({ projectId: DEFAULT_PROJECT_ID, userId: user.id, roleId })) });
      }
      const after = await userSnapshot(tx, user.id);
      await appendAuditEvent(tx, context, {
        type: "user.created",
        subject: after.subject,
        data: { after: { email: after.email, name: after.name, appRole: after.appRole, signoffRoles: after.signoffRoles, disabled: false } },
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
