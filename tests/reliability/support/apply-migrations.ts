/**
 * One "instance starting up": applies the migrations in argv[3] to the
 * database at argv[2] with the app's own applier, and prints its report as
 * JSON. The two-instances test starts several of these at once.
 */
import { applyMigrations } from "../../../lib/db/migrate";

const [url, dir] = process.argv.slice(2);
if (!url || !dir) throw new Error("usage: apply-migrations.ts <owner-url> <migrations-dir>");
const report = await applyMigrations(url, dir);
process.stdout.write(`${JSON.stringify(report)}\n`);
