import type { Command } from "commander";
import { systemContext } from "../lib/audit/actor";
import { AppError } from "../lib/errors/app-error";
import { createTokenForEmail } from "../lib/tokens/create-token-for-email";
import { createTokenSchema, revokeTokenSchema } from "../lib/tokens/token.schema";
import { revokeToken } from "../lib/tokens/tokens";
import { runCommand } from "./run-command";

/** A one-line error naming the option, exit code 1 (runCommand prints "message (--option: reason)"). */
function badOption(option: string, message: string): AppError {
  return new AppError("BAD_REQUEST", "Invalid option.", { [option]: [message] });
}

export function registerTokenCommands(program: Command): void {
  const token = program.command("token").description("Personal API tokens for /api/v1 (shown once, stored as a hash).");

  token
    .command("create")
    .description("Create an API token for a user; it acts with that user's permissions. The token is printed once.")
    .requiredOption("--user <email>", "the user's email")
    .option("--name <name>", "what the token is for", "CLI token")
    .option("--json", "print one JSON object with the token and its id")
    .action((options: { user: string; name: string; json?: boolean }) =>
      runCommand(async () => {
        const name = createTokenSchema.safeParse({ name: options.name });
        if (!name.success) throw badOption("--name", name.error.issues[0]?.message ?? "Invalid name.");
        try {
          const { token: secret, row, user } = await createTokenForEmail(systemContext("cli"), options.user, name.data);
          if (options.json) {
            console.log(JSON.stringify({ id: row.id, name: row.name, prefix: row.prefix, user: user.email, token: secret }));
          } else {
            console.log(`Created the token "${row.name}" (${row.id}) for ${user.name} <${user.email}>.`);
            console.log(`Token (shown once; store it as a secret): ${secret}`);
          }
        } catch (error) {
          if (error instanceof AppError && error.fieldErrors?.user) throw badOption("--user", error.fieldErrors.user.join(" "));
          throw error;
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
