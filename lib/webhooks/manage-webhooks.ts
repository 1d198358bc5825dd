import "server-only";
import type { z } from "zod";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import type { ProjectRef } from "../projects/resolve-project";
import { resolvePublicAddresses, TargetRefused } from "./address-guard";
import { newWebhookSecret } from "./signature";
import { addWebhookSchema, MAX_WEBHOOKS_PER_PROJECT, rotateWebhookSchema, type WebhookEvent, type WebhookFormat } from "./webhook.schema";

/**
 * A project's webhooks (issue 12, docs/decisions/026): added, listed,
 * removed and their secrets rotated by its maintainers (browser, API, CLI).
 * A URL must be http(s) and resolve to public addresses (the SSRF guard,
 * address-guard.ts) when it is added, refused naming the field otherwise. The
 * secret is returned once, when it is made; the audit trail records the
 * target's host, never its path (a Slack URL's path is its credential) nor
 * the secret.
 */
export type WebhookView = {
  id: string;
  url: string;
  description: string;
  events: WebhookEvent[];
  format: WebhookFormat;
  rotating: boolean;
  createdAt: string;
};

const viewOf = (row: { id: string; url: string; description: string; events: string[]; format: string; previousSecretExpiresAt: Date | null; createdAt: Date }): WebhookView => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: row.events as WebhookEvent[],
  format: row.format as WebhookFormat,
  rotating: row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt > new Date(),
  createdAt: row.createdAt.toISOString(),
});

const subject = (project: ProjectRef) => ({ kind: "project", id: project.id, label: project.name });

/** The URL's host, refused naming `url` unless it resolves to public addresses (or the setting allows private ones). */
async function checkTarget(url: string): Promise<void> {
  try {
    await resolvePublicAddresses(new URL(url).hostname);
  } catch (error) {
    if (error instanceof TargetRefused) throw new AppError("BAD_REQUEST", error.message, { url: [error.message] });
    throw error;
  }
}

export async function addWebhook(context: AuditContext, project: ProjectRef, raw: z.input<typeof addWebhookSchema>): Promise<WebhookView & { secret: string }> {
  const input = addWebhookSchema.parse(raw);
  if ((await db.webhook.count({ where: { projectId: project.id } })) >= MAX_WEBHOOKS_PER_PROJECT) {
    throw new AppError("CONFLICT", `A project has at most ${MAX_WEBHOOKS_PER_PROJECT} webhooks.`, { url: [`A project has at most ${MAX_WEBHOOKS_PER_PROJECT} webhooks; remove one first.`] });
  }
  await checkTarget(input.url);
  const secret = newWebhookSecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.webhook.create({
      data: { projectId: project.id, url: input.url, description: input.description, events: input.events, format: input.format, secret, createdById: context.actor.kind === "user" ? (context.actor.id ?? null) : null },
    });
    await appendAuditEvent(tx, context, {
      type: "project.webhook_added",
      subject: subject(project),
      data: { webhookId: created.id, host: new URL(input.url).host, events: input.events, format: input.format, description: input.description },
    });
    return created;
  });
  return { ...viewOf(row), secret };
}

export async function listWebhooks(projectId: string): Promise<WebhookView[]> {
  const rows = await db.webhook.findMany({ where: { projectId }, orderBy: { createdAt: "asc" } });
  return rows.map(viewOf);
}

async function findWebhook(projectId: string, webhookId: string) {
  const row = await db.webhook.findFirst({ where: { id: webhookId, projectId } });
  if (!row) throw new AppError("NOT_FOUND", "Webhook not found.", { webhookId: ["No such webhook in this project."] });
  return row;
}

export async function removeWebhook(context: AuditContext, project: ProjectRef, webhookId: string): Promise<{ url: string }> {
  const row = await findWebhook(project.id, webhookId);
  await db.$transaction(async (tx) => {
    await tx.webhook.delete({ where: { id: row.id } });
    await appendAuditEvent(tx, context, { type: "project.webhook_removed", subject: subject(project), data: { webhookId: row.id, host: new URL(row.url).host } });
  });
  return { url: row.url };
}

/** A new secret; the previous one keeps signing (both signatures sent) for `overlapHours`. Returns the new secret, shown once. */
export async function rotateWebhookSecret(context: AuditContext, project: ProjectRef, webhookId: string, raw: z.input<typeof rotateWebhookSchema> = {}): Promise<{ secret: string; previousSecretExpiresAt: string }> {
  const { overlapHours } = rotateWebhookSchema.parse(raw);
  const row = await findWebhook(project.id, webhookId);
  const secret = newWebhookSecret();
  const until = new Date(Date.now() + overlapHours * 3_600_000);
  await db.$transaction(async (tx) => {
    await tx.webhook.update({ where: { id: row.id }, data: { secret, previousSecret: overlapHours > 0 ? row.secret : null, previousSecretExpiresAt: overlapHours > 0 ? until : null, updatedAt: new Date() } });
    await appendAuditEvent(tx, context, { type: "project.webhook_secret_rotated", subject: subject(project), data: { webhookId: row.id, host: new URL(row.url).host, overlapHours } });
  });
  return { secret, previousSecretExpiresAt: until.toISOString() };
}
