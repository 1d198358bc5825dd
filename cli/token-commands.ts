import type { Command } from "commander";
import { systemContext } from "../lib/audit/actor";
import { AppError } from "../lib/errors/app-error";
import { createTokenForEmail } from "../lib/tokens/create-token-for-email";
import { createTokenSchema, revokeTokenSchema } from "../lib/tokens/token.schema";
import { TOKEN_SCOPES } from "../lib/tokens/token-scopes";
import { createProjectToken, revokeToken } from "../lib/tokens/tokens";
import { projectForCli, renameFields } from "./cli-project";
import { runCommand } from "./run-command";

/** A one-line error naming the option, exit code 1 (runCommand prints "message (--option: reason)"). */
function badOption(option: string, message: string): AppError {
  return new AppError("BAD_REQUEST", "Invalid option.", { [option]: [message] });
}

const OPTION_OF: Record<string, string> = { user: "--user", name: "--name", scopes: "--scope", project: "--project" };

/** --scope may be given several times, each a name or a comma-separated list. */
const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(",")];

export function registerTokenCommands(program: Command): void {
  const token = program.command("token").description("API tokens for /api/v1 (shown once, stored as a hash).");

  token
    .command("create")
    .description(
      "Create an API token, printed once. With --user: a personal token acting with that user's permissions (in every project they reach, or only in --project). Without --user: a project token for --project (for CI), owned by the project, acting as a contributor there.",
    )
    .option("--user <email>", "the user whose personal token it is")
    .option("--project <key>", "the one project it reaches (required for a project token; a personal token without it reaches all of the user's projects)")
    .option("--scope <scope>", `what it may do, repeatable or comma-separated: ${TOKEN_SCOPES.join(", ")} (default: all three)`, collect)
    .option("--name <name>", "what the token is for", "CLI token")
    .option("--json", "print one JSON object with the token and its id")
    .action((options: { user?: string; project?: string; scope?: string[]; name: string; json?: boolean }) =>
      runCommand(async () => {
        const checked = createTokenSchema.safeParse({ name: options.name, scopes: options.scope });
        if (!checked.success) throw renameFields(checked.error, OPTION_OF);
        const input = { name: checked.data.name, scopes: checked.data.scopes };
        try {
          if (options.user === undefined) {
            if (options.project === undefined) throw badOption("--user", "Say whose token it is: --user <email> for a personal token, or --project <key> alone for a project token.");
            const project = await projectForCli(options.project);
            const { token: secret, row } = await createProjectToken(systemContext("cli"), null, { ...input, project: project.key });
            if (options.json) console.log(JSON.stringify({ id: row.id, name: row.name, prefix: row.prefix, project: project.key, scopes: row.scopes, token: secret }));
            else {
              console.log(`Created the project token "${row.name}" (${row.id}) of ${project.key} with the scopes ${row.scopes.join(", ")}.`);
              console.log(`Token (shown once; store it as a secret): ${secret}`);
            }
            return;
          }
          const project = options.project === undefined ? undefined : (await projectForCli(options.project)).key;
          const { token: secret, row, user } = await createTokenForEmail(systemContext("cli"), options.user, { ...input, project });
          if (options.json) {
            console.log(JSON.stringify({ id: row.id, name: row.name, prefix: row.prefix, user: user.email, project: row.project?.key ?? null, scopes: row.scopes, token: secret }));
          } else {
            console.log(`Created the token "${row.name}" (${row.id}) for ${user.name} <${user.email}>${row.project ? ` in ${row.project.key} only` : ""} with the scopes ${row.scopes.join(", ")}.`);
            console.log(`Token (shown once; store it as a secret): ${secret}`);
          }
        } catch (error) {
          throw renameFields(error, OPTION_OF);
        }
      }),
    );

  token
    .command("revoke")
    .description("Revoke an API token by its id; whatever uses it gets 401 at once.")
    .requiredOption("--id <id>", "the token's id (printed by `token create`)")
    .action((options: { id: string }) =>
      runCommand(async () => {
        const input = revokeTokenSchema.safeParse({ tokenId: options.id.trim() });
        if (!input.success) throw badOption("--id", "Not a token id (a UUID).");
        try {
          const { name } = await revokeToken(systemContext("cli"), input.data, null);
          console.log(`Revoked the token "${name}".`);
        } catch (error) {
          if (error instanceof AppError && error.code === "NOT_FOUND") throw badOption("--id", "No active token with this id.");
          throw error;
        }
      }),
    );
}
