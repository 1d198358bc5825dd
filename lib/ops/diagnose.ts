import pg from "pg";
import { db } from "../db/client";
import { pendingMigrations } from "../db/migrate";
import { DEFAULT_SIGNOFF_ROLES } from "../roles/default-signoff-roles";

export type Check = { name: string; ok: boolean; detail: string };

/** Checks behind `countersign doctor`, given a connected runtime. */
export async function diagnose(urls: { appUrl: string; ownerUrl: string }): Promise<Check[]> {
  const checks: Check[] = [];
  const owner = new pg.Client({ connectionString: urls.ownerUrl, connectionTimeoutMillis: 5_000 });
  try {
    await owner.connect();
    const pending = await pendingMigrations(owner);
    checks.push(
      pending.length === 0
        ? { name: "migrations", ok: true, detail: "all applied" }
        : { name: "migrations", ok: false, detail: `${pending.length} pending (${pending.join(", ")}). Fix: npx countersign db migrate` },
    );
  } catch (error) {
    checks.push({ name: "migrations", ok: false, detail: `${error instanceof Error ? error.message : String(error)}` });
  } finally {
    await owner.end().catch(() => undefined);
  }

  try {
    const [role] = await db.$queryRaw<{ superuser: boolean; can_create: boolean; name: string }[]>`
      SELECT rolsuper AS superuser, has_schema_privilege('public', 'CREATE') AS can_create, current_user::text AS name
      FROM pg_roles WHERE rolname = current_user`;
    const leastPrivilege = role && !role.superuser && !role.can_create;
    checks.push({
      name: "runtime role",
      ok: Boolean(leastPrivilege),
      detail: leastPrivilege
        ? `${role.name} has data access only`
        : `${role?.name ?? "?"} may change the schema. Fix: connect the app as a member of countersign_runtime (docs/operations.md)`,
    });
  } catch (error) {
    checks.push({ name: "runtime role", ok: false, detail: error instanceof Error ? error.message : String(error) });
  }

  try {
    const roles = await db.signoffRole.count({ where: { key: { in: DEFAULT_SIGNOFF_ROLES.map((role) => role.key) } } });
    const admins = await db.user.count({ where: { appRole: "admin", disabledAt: null } });
    const ok = roles === DEFAULT_SIGNOFF_ROLES.length && admins > 0;
    checks.push({
      name: "seed",
      ok,
      detail: ok
        ? `${roles} default sign-off roles, ${admins} active admin(s)`
        : `${roles}/${DEFAULT_SIGNOFF_ROLES.length} default sign-off roles, ${admins} active admin(s). Fix: npx countersign db seed, or npx countersign user add --role admin`,
    });
  } catch (error) {
    checks.push({ name: "seed", ok: false, detail: error instanceof Error ? error.message : String(error) });
  }
  return checks;
}
