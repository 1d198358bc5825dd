import type { Command } from "commander";
import { Option } from "commander";
import { systemContext } from "../lib/audit/actor";
import { APP_ROLES, PROJECT_ROLES } from "../lib/auth/permissions";
import { addGroupMapping } from "../lib/sso/add-group-mapping";
import { type GroupMappingView, listGroupMappings } from "../lib/sso/list-group-mappings";
import { removeGroupMapping } from "../lib/sso/remove-group-mapping";
import { renameFields } from "./cli-project";
import { runCommand } from "./run-command";

/** Use-case field → the option typed. */
const OPTION_OF: Record<string, string> = { group: "--group", project: "--project", role: "--role", signer: "--signer", orgRole: "--org-role", mappingId: "--id" };

async function run<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw renameFields(error, OPTION_OF);
  }
}

function describe(mapping: Pick<GroupMappingView, "project" | "projectRole" | "signoffRole" | "orgRole">): string {
  return [
    mapping.orgRole ? `organisation role ${mapping.orgRole}` : null,
    mapping.project ? `${mapping.projectRole} of ${mapping.project.key}${mapping.signoffRole ? ` holding ${mapping.signoffRole}` : ""}` : null,
  ]
    .filter(Boolean)
    .join(" and ");
}

/**
 * `countersign sso`: company sign-in's group mappings (issue 13,
 * docs/decisions/027), the same use cases as the Users page.
 */
export function registerSsoCommands(program: Command): void {
  const sso = program.command("sso").description("Company sign-in (OpenID Connect): which group at the identity provider grants what.");

  sso
    .command("map")
    .description("Map a group to an organisation role and/or a project membership with a sign-off role there; members get it at their next company sign-in.")
    .requiredOption("--group <group>", "the group as the provider's groups claim names it, e.g. mgit-sre-leads")
    .option("--project <key>", "the project the group's members join")
    .addOption(new Option("--role <role>", "their role in the project (default contributor)").choices(PROJECT_ROLES))
    .option("--signer <role>", 'the sign-off role they hold in the project, e.g. "SRE Lead"')
    .addOption(new Option("--org-role <role>", "the organisation role the group gives").choices(APP_ROLES))
    .option("--json", "print the mapping as JSON")
    .action((options: { group: string; project?: string; role?: (typeof PROJECT_ROLES)[number]; signer?: string; orgRole?: (typeof APP_ROLES)[number]; json?: boolean }) =>
      runCommand(async () => {
        const mapping = await run(() => addGroupMapping(systemContext("cli"), options));
        if (options.json) console.log(JSON.stringify(mapping));
        else console.log(`Mapped the group ${mapping.group} to ${describe(mapping)} (id ${mapping.id}); members get it at their next company sign-in.`);
      }),
    );

  sso
    .command("list")
    .description("List the group mappings.")
    .option("--json", "print the mappings as JSON")
    .action((options: { json?: boolean }) =>
      runCommand(async () => {
        const mappings = await listGroupMappings();
        if (options.json) console.log(JSON.stringify({ mappings }));
        else if (mappings.length === 0) console.log("No group mappings.");
        else for (const mapping of mappings) console.log(`${mapping.id}  ${mapping.group.padEnd(30)}  ${describe(mapping)}`);
      }),
    );

  sso
    .command("unmap")
    .alias("remove")
    .description("Remove a group mapping (by the id `sso list` prints); the grants it gave end at each member's next company sign-in.")
    .requiredOption("--id <id>", "the mapping's id")
    .action((options: { id: string }) =>
      runCommand(async () => {
        const removed = await run(() => removeGroupMapping(systemContext("cli"), { mappingId: options.id }));
        console.log(`Removed the mapping of the group ${removed.group}.`);
      }),
    );
}
