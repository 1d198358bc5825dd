import "server-only";
import { can } from "../auth/permissions";
import { db } from "../db/client";

/** A person an item can be assigned to, or who was assigned to one before. */
export type AssignableUser = { id: string; name: string; assignable: boolean };

/**
 * Every user by name, marking those who may be assigned an item now: active
 * and allowed to update items. The others stay in the list so an item still
 * shows the name of a person assigned before they were disabled.
 */
export async function listAssignableUsers(): Promise<AssignableUser[]> {
  const users = await db.user.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, appRole: true, disabledAt: true } });
  return users.map((user) => ({
    id: user.id,
    name: user.name,
    assignable: user.disabledAt === null && can({ appRole: user.appRole }, "item:update"),
  }));
}
