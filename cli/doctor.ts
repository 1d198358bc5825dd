import { connectDatabase, loadSettings, StartupError } from "../lib/config/bootstrap";
import { db } from "../lib/db/client";
import { diagnose, type Check } from "../lib/ops/diagnose";

function print(check: Check): void {
  console.log(`${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
}

/** `countersign doctor`: one line per check, exit code 1 when any fails. */
export async function runDoctor(): Promise<void> {
  let settings;
  try {
    settings = loadSettings();
    print({ name: "settings", ok: true, detail: settings.DATABASE_URL ? "DATABASE_URL set" : "embedded database in " + settings.COUNTERSIGN_DATA_DIR });
  } catch (error) {
    print({ name: "settings", ok: false, detail: error instanceof StartupError ? error.message : String(error) });
    process.exitCode = 1;
    return;
  }
  try {
    const runtime = await connectDatabase(settings, { migrate: false });
    print({ name: "database", ok: true, detail: runtime.database.embedded ? `embedded PostgreSQL on port ${runtime.database.embedded.port}` : "reachable" });
    const checks = await diagnose(runtime.database);
    checks.forEach(print);
    if (checks.some((check) => !check.ok)) process.exitCode = 1;
    await db.$disconnect();
    if (runtime.database.embedded?.owned) await runtime.database.embedded.stop();
  } catch (error) {
    print({ name: "database", ok: false, detail: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
  }
}
