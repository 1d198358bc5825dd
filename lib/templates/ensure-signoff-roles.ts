import type { Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { roleKeyFor } from "../roles/default-signoff-roles";
import { AppError } from "../errors/app-error";

/** Creates (with their audit events) the sign-off roles a template names that do not exist yet. */
export async function ensureSignoffRoles(tx: Tx, context: AuditContext, names: string[]): Promise<string[]> {
  const unique = [...new Set(names.map((name) => name.trim()))];
  const existing = await tx.signoffRole.findMany({ where: { name: { in: unique, mode: "insensitive" } }, select: { name: true } });
  const known = new Set(existing.map((role) => role.name.toLowerCase()));
  const created: string[] = [];
  for (const name of unique.filter((role) => !known.has(role.toLowerCase()))) {
    const base = roleKeyFor(name);
    if (!base) throw new AppError("BAD_REQUEST", `The sign-off role "${name}" needs at least one letter or digit.`);
    // "Tech-Lead" and "Tech Lead" would share a key: keep keys unique with a suffix.
    let key = base;
    for (let n = 2; await tx.signoffRole.findUnique({ where: { key }, select: { id: true } }); n += 1) key = `${base.slice(0, 60)}-${n}`;
    const role = await tx.signoffRole.create({ data: { key, name } });
    await appendAuditEvent(tx, context, {
      type: "signoff_role.created",
      subject: { kind: "signoff_role", id: role.id, label: role.name },
      data: { after: { key: role.key, name: role.name } },
    });
    created.push(name);
  }
  return created;
}
