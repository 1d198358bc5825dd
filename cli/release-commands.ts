import { writeFile } from "node:fs/promises";
import { SYSTEM_VIEWER } from "../lib/releases/visibility";
import path from "node:path";
import { type Command, Option } from "commander";
import type { z } from "zod";
import { systemContext } from "../lib/audit/actor";
import { AppError } from "../lib/errors/app-error";
import { createRelease } from "../lib/releases/create-release";
import { exportReleaseMarkdown } from "../lib/releases/export-release";
import { listReleases, listReleasesSchema } from "../lib/releases/list-releases";
import { RELEASE_STATUSES } from "../lib/releases/release-status";
import { createReleaseSchema } from "../lib/releases/release.schema";
import { listTemplates } from "../lib/templates/get-template";
import { runCommand } from "./run-command";
import { projectForCli } from "./cli-project";
import type { ProjectRef } from "../lib/projects/resolve-project";

/** Use-case field → the option a CLI user typed, so errors name what they can fix. */
const OPTION_OF: Record<string, string> = {
  templateId: "--template",
  templateVersion: "--template",
  version: "--version",
  environment: "--env",
  status: "--status",
  pageSize: "--limit",
};

function withOptionNames(fields: Record<string, string[]>): Record<string, string[]> {
  const named: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(fields)) (named[OPTION_OF[field] ?? field] ??= []).push(...messages);
  return named;
}

/** Parses options with a use case's schema; failures exit 1 with one line naming the options. */
function parseOptions<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fields[issue.path.map(String).join(".") || "input"] ??= []).push(issue.message);
  throw new AppError("BAD_REQUEST", "Invalid options.", withOptionNames(fields));
}

/** A template of the project, by id or by its exact name. */
async function resolveTemplate(reference: string, project: ProjectRef): Promise<string> {
  const wanted = reference.trim();
  const templates = await listTemplates(project.id);
  const match = templates.find((template) => template.id === wanted.toLowerCase()) ?? templates.find((template) => template.name === wanted);
  if (!match) {
    const names = templates.map((template) => `"${template.name}"`).join(", ");
    throw new AppError("BAD_REQUEST", "Unknown template.", { "--template": [`No template with this id or exact name in ${project.key}${names ? `; there are ${names}` : ""}.`] });
  }
  return match.id;
}

export function registerReleaseCommands(program: Command): void {
  const release = program.command("release").description("Releases: create, list and export.");

  release
    .command("create")
    .description("Create a release of a template (its latest version) for an environment.")
    .requiredOption("--template <id or name>", "template id, or its exact name")
    .requiredOption("--version <version>", "semantic version, e.g. 2.4.0")
    .requiredOption("--env <key>", "environment key, e.g. staging")
    .option("--project <key>", "the project (default: the project default)")
    .option("--json", "print one JSON object with the release id")
    .action((options: { template: string; version: string; env: string; project?: string; json?: boolean }) =>
      runCommand(async () => {
        const input = parseOptions(createReleaseSchema.omit({ templateId: true }), { version: options.version, environment: options.env });
        const project = await projectForCli(options.project);
        const templateId = await resolveTemplate(options.template, project);
        try {
          const created = await createRelease(systemContext("cli"), { ...input, templateId }, project.id);
          if (options.json) console.log(JSON.stringify(created));
          else console.log(`Created the ${created.environment} release ${created.version} (${created.id}) with ${created.items} items.`);
        } catch (error) {
          if (error instanceof AppError && error.fieldErrors) {
            throw new AppError(error.code, error.message, withOptionNames(error.fieldErrors), error.details);
          }
          throw error;
        }
      }),
    );

  release
    .command("list")
    .description("List releases, open ones first, newest first.")
    .option("--project <key>", "the project (default: the project default)")
    .option("--env <key>", "only this environment")
    .option("--status <status>", `only this status (${RELEASE_STATUSES.join(", ")})`)
    .option("--limit <n>", "at most this many (1-100)", "25")
    .option("--json", "print the page as JSON")
    .action((options: { project?: string; env?: string; status?: string; limit: string; json?: boolean }) =>
      runCommand(async () => {
        const project = await projectForCli(options.project);
        const query = parseOptions(listReleasesSchema, { project: project.key, environment: options.env, status: options.status, pageSize: options.limit });
        const page = await listReleases(query, SYSTEM_VIEWER);
        if (options.json) {
          console.log(JSON.stringify(page));
          return;
        }
        if (page.releases.length === 0) {
          console.log(`No releases in ${project.key}.`);
          return;
        }
        for (const row of page.releases) {
          console.log(
            [row.id, row.environment.key.padEnd(12), row.version.padEnd(16), row.status.padEnd(16), `${row.itemsDone}/${row.itemsTotal}`.padEnd(8), row.createdAt.toISOString()].join("  "),
          );
        }
        if (page.total > page.releases.length) console.log(`(${page.releases.length} of ${page.total}; use --limit or filters)`);
      }),
    );

  release
    .command("export")
    .description("Export a release's completed checklist (ticked items, N/A reasons, filled-in sign-off lines) as Markdown.")
    .argument("<release>", "release id (see `release list`)")
    .addOption(new Option("--format <format>", "output format").choices(["md"]).default("md"))
    .option("--out <file>", "write to this file instead of standard output")
    .action((releaseId: string, options: { format: "md"; out?: string }) =>
      runCommand(async () => {
        const id = releaseId.trim().toLowerCase();
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
          throw new AppError("BAD_REQUEST", "Invalid release.", { "<release>": ["Give the release's id, e.g. from `countersign release list`."] });
        }
        const { fileName, markdown } = await exportReleaseMarkdown(id);
        if (!options.out) {
          process.stdout.write(markdown.endsWith("\n") ? markdown : `${markdown}\n`);
          return;
        }
        const target = path.resolve(options.out);
        await writeFile(target, markdown, "utf8");
        console.log(`Wrote ${fileName} to ${target} (${Buffer.byteLength(markdown, "utf8").toLocaleString("en")} bytes).`);
      }),
    );
}
