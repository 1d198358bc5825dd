import "server-only";
import { db } from "../db/client";

export async function listSignoffRoles(): Promise<{ key: string; name: string; holders: number }[]> {
  const roles = await db.signoffRole.findMany({
    orderBy: { createdAt: "asc" },
    select: { key: true, name: true, _count: { select: { holders: true } } },
  });
  return roles.map((role) => ({ key: role.key, name: role.name, holders: role._count.holders }));
}
