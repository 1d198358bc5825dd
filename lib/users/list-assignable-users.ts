import "server-only";
import { can } from "../auth/permissions";
import { type AppRole, db } from "../db/client";

/** A person an item can be assigned to, or who was assigned to one before. */
export type AssignableUser = { id: string; name: string; assignable: boolean };

/**
 * The one rule for who may be assigned an item: an active user allowed to
 * update items (not an auditor, not disabled). The release page's list
 * (below) and the item change (lib/releases/set-item-state.ts, for the
 * browser and the API alike) both ask it.
 */
export function isAssignable(user: { appRole: AppRole; disabledAt: Date | null }): boolean {
  return user.disabledAt === null && can({ appRole: user.appRole }, "item:update");
}

/** Why an assignee was refused, for the `assigneeId` field. */
export const NOT_ASSIGNABLE_MESSAGE = "This person cannot be assigned items: only active users who may update items (not auditors, not disabled users) can.";

/**
 * Every user by name, marking those who may be assigned an item now. The
 * others stay in the list so an item still shows the name of a person
 * assigned before they were disabled.
 */
export async function listAssignableUsers(): Promise<AssignableUser[]> {
  const users = await db.user.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, appRole: true, disabledAt: true } });
  return users.map((user) => ({ id: user.id, name: user.name, assignable: isAssignable(user) }));
}
