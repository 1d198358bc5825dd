import "server-only";
import type { Tx } from "../db/client";
import { defaultProjectRoleFor, type AppRole } from "../auth/permissions";

/**
 * Sign-off roles are held by members of the project (the database refuses
 * anything else, docs/decisions/022). A user given roles in a project joins
 * it (an admin as maintainer, anyone else as contributor) unless they are a
 * member already. `memberJoins`: a user with the member application role
 * joins even without roles (the project an admin created them in, and the
 * default project, as before projects existed). An existing membership is
 * left as it is.
 */
export async function joinForSignoffRoles(
  tx: Tx,
  input: { projectId: string; userId: string; appRole: AppRole; holdsRoles: boolean; memberJoins: boolean },
): Promise<void> {
  const role = input.holdsRoles || input.memberJoins ? defaultProjectRoleFor(input.appRole, input.holdsRoles) : null;
  if (!role) return;
  await tx.projectMember.upsert({
    where: { projectId_userId: { projectId: input.projectId, userId: input.userId } },
    create: { projectId: input.projectId, userId: input.userId, role },
    update: {},
  });
}
