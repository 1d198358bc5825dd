import type { Command } from "commander";
import { Option } from "commander";
import { systemContext } from "../lib/audit/actor";
import { PROJECT_ROLES } from "../lib/auth/permissions";
import { addProjectMember } from "../lib/projects/add-project-member";
import { addRoleHolder } from "../lib/projects/add-role-holder";
import { createProject, DEFAULT_PROJECT_ENVIRONMENTS } from "../lib/projects/create-project";
import { listProjects } from "../lib/projects/list-projects";
import { removeProjectMember } from "../lib/projects/remove-project-member";
import { removeRoleHolder } from "../lib/projects/remove-role-holder";
import { setAuditorProjects } from "../lib/projects/set-auditor-projects";
import { SYSTEM_VIEWER } from "../lib/releases/visibility";
import { renameFields } from "./cli-project";
import { runCommand } from "./run-command";

/** Use-case field → the option typed. */
const OPTION_OF: Record<string, string> = { key: "--key", name: "--name", description: "--description", project: "--project", user: "--user", role: "--role" };

async function run<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw renameFields(error, OPTION_OF);
  }
}

export function registerProjectCommands(program: Command): void {
  const project = program.command("project").description("Projects: each product's templates, environments, releases, members and sign-off role holders.");

  project
    .command("create")
    .description("Create a project with the environments staging and production (production needs staging approved first; its release's creator may not sign it).")
    .requiredOption("--key <key>", "2-40 lowercase letters, digits and dashes, stable in URLs, e.g. mgit")
    .requiredOption("--name <name>", 'what people call it, e.g. "mgit CLI"')
    .option("--description <text>", "what the project is", "")
    .option("--json", "print one JSON object with the project")
    .action((options: { key: string; name: string; description: string; json?: boolean }) =>
      runCommand(async () => {
        const created = await run(() => createProject(systemContext("cli"), { key: options.key, name: options.name, description: options.description }));
        const environments = DEFAULT_PROJECT_ENVIRONMENTS.map((environment) => environment.key);
        if (options.json) console.log(JSON.stringify({ ...created, environments }));
        else console.log(`Created the project ${created.name} (${created.key}) with the environments ${environments.join(" and ")}.`);
      }),
    );

  project
    .command("list")
    .description("List the projects.")
    .option("--json", "print the projects as JSON")
    .action((options: { json?: boolean }) =>
      runCommand(async () => {
        const projects = await listProjects(SYSTEM_VIEWER);
        if (options.json) {
          console.log(JSON.stringify({ projects: projects.map(({ role: _role, ...summary }) => summary) }));
          return;
        }
        if (projects.length === 0) {
          console.log("No projects.");
          return;
        }
        for (const entry of projects) {
          console.log([entry.key.padEnd(20), entry.name.padEnd(30), `${entry.memberCount} members`.padEnd(12), `${entry.openReleases} open releases`].join("  "));
        }
      }),
    );

  const member = project.command("member").description("A project's members: maintainers manage it, contributors create releases and work on items.");

  member
    .command("add")
    .description("Add a user to a project.")
    .requiredOption("--project <key>", "the project's key")
    .requiredOption("--user <email>", "the user's email")
    .addOption(new Option("--role <role>", "their role in the project").choices(PROJECT_ROLES).makeOptionMandatory())
    .action((options: { project: string; user: string; role: (typeof PROJECT_ROLES)[number] }) =>
      runCommand(async () => {
        const added = await run(() => addProjectMember(systemContext("cli"), options));
        console.log(`Added ${added.user} to ${added.project} as ${added.role}.`);
      }),
    );

  member
    .command("remove")
    .description("Remove a user from a project; the sign-off roles they hold there end with it.")
    .requiredOption("--project <key>", "the project's key")
    .requiredOption("--user <email>", "the user's email")
    .action((options: { project: string; user: string }) =>
      runCommand(async () => {
        const removed = await run(() => removeProjectMember(systemContext("cli"), options));
        const ended = removed.signoffRolesEnded.length ? `; the sign-off roles they held there ended: ${removed.signoffRolesEnded.join(", ")}` : "";
        console.log(`Removed ${options.user.trim()} from ${options.project.trim()}${ended}.`);
      }),
    );

  const signer = project.command("signer").description("Who holds which sign-off role in a project (role names are organisation-wide; holders must be members).");

  signer
    .command("add")
    .description("Make a member of the project hold a sign-off role there.")
    .requiredOption("--project <key>", "the project's key")
    .requiredOption("--user <email>", "the member's email")
    .requiredOption("--role <role>", 'the sign-off role, e.g. "Tech Lead"')
    .action((options: { project: string; user: string; role: string }) =>
      runCommand(async () => {
        const added = await run(() => addRoleHolder(systemContext("cli"), options));
        console.log(`${options.user.trim()} now holds ${added.role} in ${options.project.trim()}.`);
      }),
    );

  signer
    .command("remove")
    .description("End a member's holding of a sign-off role in the project.")
    .requiredOption("--project <key>", "the project's key")
    .requiredOption("--user <email>", "the member's email")
    .requiredOption("--role <role>", 'the sign-off role, e.g. "Tech Lead"')
    .action((options: { project: string; user: string; role: string }) =>
      runCommand(async () => {
        const removed = await run(() => removeRoleHolder(systemContext("cli"), options));
        console.log(`${options.user.trim()} no longer holds ${removed.role} in ${options.project.trim()}.`);
      }),
    );

  project
    .command("auditor")
    .description("Which projects an auditor reads: the listed ones, or every project (organisation-wide, the default) with --all.")
    .requiredOption("--user <email>", "the auditor's email")
    .option("--projects <keys>", "comma-separated project keys the auditor may read")
    .option("--all", "organisation-wide: every project")
    .action((options: { user: string; projects?: string; all?: boolean }) =>
      runCommand(async () => {
        if (Boolean(options.all) === (options.projects !== undefined)) throw new Error("Give either --projects <keys> or --all.");
        const projects = options.all ? [] : (options.projects ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
        const result = await run(() => setAuditorProjects(systemContext("cli"), { user: options.user, projects }));
        const scope = result.projects.length ? `only ${result.projects.join(", ")}` : "every project (organisation-wide)";
        console.log(`${options.user.trim()} reads ${scope}${result.changed ? "" : " (unchanged)"}.`);
      }),
    );
}
