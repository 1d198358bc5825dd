import type { Tx } from "../db/client";
import { AppError } from "../errors/app-error";

/** Sign-off role keys to ids; an unknown key is a field error, not a silent skip. */
export async function resolveSignoffRoleIds(tx: Tx, keys: string[]): Promise<string[]> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return [];
  const roles = await tx.signoffRole.findMany({ where: { key: { in: unique } }, select: { id: true, key: true } });
  const missing = unique.filter((key) => !roles.some((role) => role.key === key));
  if (missing.length > 0) {
    throw new AppError("BAD_REQUEST", `Unknown sign-off role: ${missing.join(", ")}.`, {
      signoffRoles: [`Unknown sign-off role: ${missing.join(", ")}.`],
    });
  }
  return roles.map((role) => role.id);
}
