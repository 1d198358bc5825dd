import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { systemContext } from "../lib/audit/actor";
import { exportTemplate } from "../lib/templates/export-template";
import { AppError } from "../lib/errors/app-error";
import { importTemplate } from "../lib/templates/import-template";
import { fileTooLargeMessage, TEMPLATE_FILE_BYTES, TEMPLATE_FILE_LIMIT } from "../lib/templates/file-limit";
import { previewTemplateImport } from "../lib/templates/preview-template-import";
import { CliUsageError, runCommand } from "./run-command";
import { projectForCli } from "./cli-project";

export function registerTemplateCommands(program: Command): void {
  const template = program.command("template").description("Checklist templates: import from and export to Markdown.");

  template
    .command("import")
    .description("Import a Markdown checklist as a new template.")
    .argument("<file>", `Markdown file (at most ${TEMPLATE_FILE_LIMIT})`)
    .option("--name <name>", "template name (default: the file's first heading)")
    .option("--project <key>", "the project it belongs to (default: the project default)")
    .option("--json", "print one JSON object with the template id and its figures")
    .action((file: string, options: { name?: string; project?: string; json?: boolean }) =>
      runCommand(async () => {
        let bytes: Buffer;
        try {
          // The size first: a huge file is refused without reading it.
          const { size } = await stat(file);
          if (size > TEMPLATE_FILE_BYTES) {
            throw new AppError("BAD_REQUEST", `${file}:1: ${fileTooLargeMessage(size)}`);
          }
          bytes = await readFile(file);
        } catch (error) {
          if (error instanceof AppError) throw error;
          throw new CliUsageError(`cannot read ${file}`);
        }
        // Byte-level checks (size, binary data, broken UTF-8) need the raw bytes.
        const checked = previewTemplateImport(bytes);
        if (!checked.ok) {
          throw new AppError("BAD_REQUEST", checked.errors.map((problem) => `${file}:${problem.line}: ${problem.message}`).join("\n"));
        }
        const project = await projectForCli(options.project);
        const imported = await importTemplate(systemContext("cli"), {
          markdown: bytes.toString("utf8"),
          name: options.name,
          sourceName: path.basename(file),
          projectId: project.id,
        });
        if (options.json) {
          const { counts } = imported;
          console.log(
            JSON.stringify({
              templateId: imported.templateId,
              version: imported.version,
              sections: counts.sections,
              subsections: counts.subsections,
              items: counts.items,
              environmentItems: counts.environmentItems,
              signoffRoles: counts.signoffRoles,
              contactRoles: counts.contactRoles,
            }),
          );
        } else {
          console.log(`Imported "${imported.name}" (${imported.templateId}) into ${project.key}, version ${imported.version}: ${imported.counts.items} items in ${imported.counts.sections} sections.`);
        }
      }),
    );

  template
    .command("export")
    .description("Print a template version as Markdown in the reference layout.")
    .argument("<templateId>", "template id")
    .option("--version <n>", "version number (default: the latest)")
    .option("--out <file>", "write to a file instead of standard output")
    .action((templateId: string, options: { version?: string; out?: string }) =>
      runCommand(async () => {
        const version = options.version === undefined ? undefined : Number(options.version);
        if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new CliUsageError("--version expects a positive whole number");
        const { markdown } = await exportTemplate(templateId, version);
        if (options.out) await writeFile(options.out, markdown);
        else process.stdout.write(markdown);
      }),
    );
}
