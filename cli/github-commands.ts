import type { Command } from "commander";
import { systemContext } from "../lib/audit/actor";
import { linkGithubRepository, listGithubRepositories, unlinkGithubRepository } from "../lib/github/link-repository";
import { projectForCli, renameFields } from "./cli-project";
import { runCommand } from "./run-command";

const OPTION_OF: Record<string, string> = { repository: "--repo", project: "--project" };

/** GitHub's custom deployment protection rule: which project a repository's deployments wait for (docs/ci.md). */
export function registerGithubCommands(program: Command): void {
  const github = program.command("github").description("GitHub's custom deployment protection rule: link repositories to projects (docs/ci.md).");

  github
    .command("link")
    .description("Link a GitHub repository to a project: its deployments to an environment wait for that project's release of the version (from the deployment's tag) to be approved there.")
    .requiredOption("--repo <owner/name>", "the GitHub repository, e.g. acme/mgit")
    .requiredOption("--project <key>", "the project")
    .action((options: { repo: string; project: string }) =>
      runCommand(async () => {
        const project = await projectForCli(options.project);
        try {
          const linked = await linkGithubRepository(systemContext("cli"), { repository: options.repo, project: project.key });
          console.log(`Linked ${linked.repository} to ${linked.project}.`);
        } catch (error) {
          throw renameFields(error, OPTION_OF);
        }
      }),
    );

  github
    .command("unlink")
    .description("Unlink a GitHub repository: its deployments are rejected, saying it is linked to no project.")
    .requiredOption("--repo <owner/name>", "the GitHub repository")
    .action((options: { repo: string }) =>
      runCommand(async () => {
        try {
          const unlinked = await unlinkGithubRepository(systemContext("cli"), { repository: options.repo });
          console.log(`Unlinked ${unlinked.repository} from ${unlinked.project}.`);
        } catch (error) {
          throw renameFields(error, OPTION_OF);
        }
      }),
    );

  github
    .command("list")
    .description("The linked repositories and their projects.")
    .option("--project <key>", "only this project's")
    .option("--json", "print one JSON array")
    .action((options: { project?: string; json?: boolean }) =>
      runCommand(async () => {
        const project = options.project === undefined ? undefined : await projectForCli(options.project);
        const rows = await listGithubRepositories(project?.id);
        if (options.json) console.log(JSON.stringify(rows.map(({ repository, project: key }) => ({ repository, project: key }))));
        else if (rows.length === 0) console.log("No repository is linked.");
        else for (const row of rows) console.log(`${row.repository} → ${row.project}`);
      }),
    );
}
