import "server-only";
import { db } from "../db/client";

export type UserRow = {
  id: string;
  email: string;
  name: string;
  appRole: "admin" | "member" | "auditor";
  disabled: boolean;
  /** The sign-off roles held, each in its project (roles are held per project). */
  signoffRoles: { key: string; name: string; project: { key: string; name: string } }[];
  createdAt: Date;
};

export async function listUsers(): Promise<UserRow[]> {
  const users = await db.user.findMany({
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      appRole: true,
      disabledAt: true,
      createdAt: true,
      signoffRoles: {
        select: { role: { select: { key: true, name: true } }, member: { select: { project: { select: { key: true, name: true } } } } },
        orderBy: [{ member: { project: { name: "asc" } } }, { role: { name: "asc" } }],
      },
    },
  });
  return users.map(({ disabledAt, signoffRoles, ...user }) => ({
    ...user,
    disabled: disabledAt !== null,
    signoffRoles: signoffRoles.map((entry) => ({ ...entry.role, project: entry.member.project })),
  }));
}
