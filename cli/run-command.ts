import { StartupError, connectDatabase, loadSettings, type Runtime } from "../lib/config/bootstrap";
import { db } from "../lib/db/client";
import { AppError } from "../lib/errors/app-error";

/**
 * Runs one CLI command against the app's database (DATABASE_URL, else the
 * embedded cluster in ./.data, attached to when the app runs, started and
 * stopped around the command when it does not). Errors print as one line.
 */
export async function runCommand(
  body: (runtime: Runtime) => Promise<void>,
  options: { migrate?: boolean; failureExitCode?: number } = {},
): Promise<void> {
  let runtime: Runtime | undefined;
  try {
    runtime = await connectDatabase(loadSettings(), { migrate: options.migrate ?? true });
    await body(runtime);
  } catch (error) {
    process.exitCode = error instanceof CliUsageError ? 2 : (options.failureExitCode ?? 1);
    console.error(`error: ${describe(error)}`);
  } finally {
    try {
      await db.$disconnect();
    } catch {
      // never connected (e.g. the database was unreachable)
    }
    if (runtime?.database.embedded?.owned) await runtime.database.embedded.stop();
  }
}

export class CliUsageError extends Error {}

function describe(error: unknown): string {
  if (error instanceof StartupError || error instanceof CliUsageError) return error.message;
  if (error instanceof AppError) {
    const fields = Object.entries(error.fieldErrors ?? {}).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
    return fields.length ? `${error.message} (${fields.join("; ")})` : error.message;
  }
  if (error && typeof error === "object" && "issues" in error && Array.isArray((error as { issues: unknown }).issues)) {
    const issues = (error as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    return issues.map((issue) => `${issue.path.map(String).join(".").replace("[]", "") || "input"}: ${issue.message}`).join("; ");
  }
  return error instanceof Error ? error.message : String(error);
}
