import type { Command } from "commander";
import { systemContext } from "../lib/audit/actor";
import { AppError } from "../lib/errors/app-error";
import { isId } from "../lib/http/parse-id";
import { addWebhook, listWebhooks, removeWebhook, rotateWebhookSecret } from "../lib/webhooks/manage-webhooks";
import { WEBHOOK_EVENTS } from "../lib/webhooks/webhook.schema";
import { projectForCli, renameFields } from "./cli-project";
import { runCommand } from "./run-command";

const OPTION_OF: Record<string, string> = { url: "--url", events: "--events", format: "--format", description: "--description", webhookId: "--id", overlapHours: "--overlap" };
const split = (value: string, previous: string[] = []) => [...previous, ...value.split(",").map((entry) => entry.trim()).filter(Boolean)];

function webhookIdOf(value: string): string {
  const id = value.trim().toLowerCase();
  if (!isId(id)) throw new AppError("BAD_REQUEST", "Invalid option.", { "--id": ["Not a webhook id (a UUID; see `countersign webhook list`)."] });
  return id;
}

/** A project's webhooks (docs/ci.md "Webhooks"): signed per Standard Webhooks, or in Slack's format. */
export function registerWebhookCommands(program: Command): void {
  const webhook = program.command("webhook").description("A project's webhooks: its events POSTed to a URL, signed per Standard Webhooks (docs/ci.md).");

  webhook
    .command("add")
    .description("Add a webhook; its signing secret is printed once.")
    .requiredOption("--project <key>", "the project")
    .requiredOption("--url <url>", "where to POST (http or https; a public address)")
    .option("--events <types>", `comma-separated event types (default: all): ${WEBHOOK_EVENTS.join(", ")}`, split)
    .option("--format <format>", "standard (Standard Webhooks JSON) or slack ({\"text\": …})", "standard")
    .option("--description <text>", "what it is for")
    .option("--json", "print one JSON object with the id and the secret")
    .action((options: { project: string; url: string; events?: string[]; format: string; description?: string; json?: boolean }) =>
      runCommand(async () => {
        const project = await projectForCli(options.project);
        try {
          const created = await addWebhook(systemContext("cli"), project, { url: options.url, events: options.events as never, format: options.format as never, description: options.description });
          if (options.json) console.log(JSON.stringify({ id: created.id, url: created.url, events: created.events, format: created.format, description: created.description, secret: created.secret }));
          else {
            console.log(`Added the webhook ${created.id} of ${project.key} to ${created.url} (${created.events.length ? created.events.join(", ") : "every event"}, ${created.format} format).`);
            console.log(`Signing secret (shown once; the receiver verifies with it): ${created.secret}`);
          }
        } catch (error) {
          throw renameFields(error, OPTION_OF);
        }
      }),
    );

  webhook
    .command("list")
    .description("The project's webhooks.")
    .requiredOption("--project <key>", "the project")
    .option("--json", "print one JSON array")
    .action((options: { project: string; json?: boolean }) =>
      runCommand(async () => {
        const project = await projectForCli(options.project);
        const rows = await listWebhooks(project.id);
        if (options.json) console.log(JSON.stringify(rows));
        else if (rows.length === 0) console.log(`${project.key} has no webhooks.`);
        else for (const row of rows) console.log(`${row.id}  ${row.url}  ${row.format}  ${row.events.length ? row.events.join(",") : "all events"}${row.description ? `  ${row.description}` : ""}`);
      }),
    );

  webhook
    .command("remove")
    .description("Remove a webhook.")
    .requiredOption("--project <key>", "the project")
    .requiredOption("--id <id>", "the webhook's id")
    .action((options: { project: string; id: string }) =>
      runCommand(async () => {
        const project = await projectForCli(options.project);
        try {
          const removed = await removeWebhook(systemContext("cli"), project, webhookIdOf(options.id));
          console.log(`Removed the webhook to ${removed.url}.`);
        } catch (error) {
          throw renameFields(error, OPTION_OF);
        }
      }),
    );

  webhook
    .command("rotate-secret")
    .description("Give a webhook a new secret (printed once); the previous one keeps signing beside it for --overlap hours.")
    .requiredOption("--project <key>", "the project")
    .requiredOption("--id <id>", "the webhook's id")
    .option("--overlap <hours>", "hours both secrets sign (0 to 168)", "24")
    .option("--json", "print one JSON object with the new secret")
    .action((options: { project: string; id: string; overlap: string; json?: boolean }) =>
      runCommand(async () => {
        const project = await projectForCli(options.project);
        try {
          const rotated = await rotateWebhookSecret(systemContext("cli"), project, webhookIdOf(options.id), { overlapHours: options.overlap as never });
          if (options.json) console.log(JSON.stringify({ id: options.id, secret: rotated.secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt }));
          else console.log(`New signing secret (shown once): ${rotated.secret}\nThe previous secret also signs until ${rotated.previousSecretExpiresAt}.`);
        } catch (error) {
          throw renameFields(error, OPTION_OF);
        }
      }),
    );
}
