import { z } from "zod";
import { APP_ROLES, PROJECT_ROLES } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import type { PublishedKey } from "@/lib/audit/get-public-key";
import type { VerifyReport } from "@/lib/audit/verify-trail";
import type { CreatedRelease } from "@/lib/releases/create-release";
import type { ReleaseView } from "@/lib/releases/get-release";
import type { FlatReleaseItem } from "@/lib/releases/list-release-items";
import type { ReleaseRow } from "@/lib/releases/list-releases";
import { ITEM_STATUSES, RELEASE_STATUSES } from "@/lib/releases/release-status";
import type { ItemStateView, ReleaseProgress } from "@/lib/releases/set-item-state";
import type { TemplateSummary } from "@/lib/templates/get-template";
import type { ProjectView } from "@/lib/projects/get-project";
import type { ProjectSummary } from "@/lib/projects/list-projects";
import { ERROR_STATUS } from "@/lib/errors/app-error";
import { gateAnswerSchema, type GateAnswer } from "@/lib/gate/gate.schema";
import type { WebhookView } from "@/lib/webhooks/manage-webhooks";
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS } from "@/lib/webhooks/webhook.schema";

/**
 * The response bodies of /api/v1 as zod schemas: the OpenAPI document is
 * generated from them (openapi-document.ts), and each is checked at compile
 * time against the type its use case returns, as JSON (`JsonOf`), so the
 * description cannot drift from what the routes send.
 */

/** What a value becomes through JSON.stringify: dates become ISO strings. */
export type JsonOf<T> = T extends Date ? string : T extends (infer E)[] ? JsonOf<E>[] : T extends object ? { [K in keyof T]: JsonOf<T[K]> } : T;
/**
 * What a route may return for a schema: `Source` (the use case's type) when
 * its JSON fits the schema, else `never`, so a route whose use case drifted
 * from its documented answer fails the type check.
 */
type Describes<Schema extends z.ZodType, Source> = JsonOf<Source> extends z.output<Schema> ? Source : never;

const uuid = z.uuid();
const dateTime = z.string().meta({ format: "date-time" });
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

export const releaseStatusSchema = z.enum(RELEASE_STATUSES);
export const itemStatusSchema = z.enum(ITEM_STATUSES).meta({ description: "`na` (not applicable) and `blocked` need a reason." });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
      message: z.string().describe("Safe to show a person."),
      fields: z.record(z.string(), z.array(z.string())).optional().describe("Field path → messages."),
      details: z.unknown().optional().describe("Structured context, e.g. `{current: ItemState}` after a version conflict."),
    }),
  })
  .meta({
    examples: [{ error: { code: "BAD_REQUEST", message: "The request has invalid fields.", fields: { "evidenceLinks.0": ["Evidence links must be http(s) URLs."] } } }],
  });

export const meSchema = z
  .object({
    id: uuid,
    email: z.string(),
    name: z.string(),
    appRole: z.enum(APP_ROLES),
    signoffRoles: z.array(z.object({ key: z.string(), name: z.string(), projectId: uuid })),
    projects: z.array(z.object({ id: uuid, key: z.string(), name: z.string(), role: z.enum(PROJECT_ROLES) })),
    auditorProjectIds: z.array(uuid).nullable(),
  })
  ;
export type MeBody = Describes<typeof meSchema, Omit<SessionUser, "sessionVersion" | "mustChangePassword">>;

const projectRoleSchema = z.enum(PROJECT_ROLES).nullable().describe("The caller's role in the project; null when they read it without being a member (admins, auditors).");

export const projectSchema = z.object({
  id: uuid,
  key: z.string().describe("Stable in URLs: /api/v1/projects/{key}/…"),
  name: z.string(),
  description: z.string(),
  createdAt: dateTime,
  role: projectRoleSchema,
});
export type ProjectBody = Describes<typeof projectSchema, ProjectView>;

export const projectListSchema = z.object({
  projects: z.array(
    z.object({
      id: uuid,
      key: z.string(),
      name: z.string(),
      description: z.string(),
      role: projectRoleSchema,
      memberCount: z.number().int(),
      openReleases: z.number().int().describe("Releases in draft, in progress, awaiting sign-off or approved."),
    }),
  ),
});
export type ProjectListBody = Describes<typeof projectListSchema, { projects: ProjectSummary[] }>;

export const templateListSchema = z
  .object({ templates: z.array(z.object({ id: uuid, name: z.string(), latestVersion: z.number().int(), updatedAt: dateTime })) })
  ;
export type TemplateListBody = Describes<typeof templateListSchema, { templates: Pick<TemplateSummary, "id" | "name" | "latestVersion" | "updatedAt">[] }>;

const environmentSchema = z.object({ key: z.string(), name: z.string() });

export const progressSchema = z
  .object({
    itemsTotal: z.number().int(),
    itemsDone: z.number().int().describe("Items done or not applicable."),
    requiredOpen: z.number().int().describe("Required items neither done nor not applicable."),
    blockedCount: z.number().int(),
  })
  ;

const releaseSummarySchema = z
  .object({
    id: uuid,
    version: z.string(),
    status: releaseStatusSchema,
    environment: environmentSchema,
    templateName: z.string(),
    createdAt: dateTime,
    updatedAt: dateTime,
    itemsTotal: z.number().int(),
    itemsDone: z.number().int(),
    blockedCount: z.number().int(),
  })
  ;

export const releaseListSchema = z
  .object({ releases: z.array(releaseSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  ;
export type ReleaseListBody = Describes<typeof releaseListSchema, { releases: ReleaseRow[]; total: number; page: number; pageSize: number }>;

export const createdReleaseSchema = z
  .object({ id: uuid, version: z.string(), environment: z.string(), items: z.number().int().describe("Number of items.") })
  ;
export type CreatedReleaseBody = Describes<typeof createdReleaseSchema, CreatedRelease>;

export const itemStateSchema = z
  .object({
    itemKey: z.string(),
    status: itemStatusSchema,
    reason: nullable(z.string()),
    note: nullable(z.string()),
    evidenceLinks: z.array(z.string()),
    assigneeId: nullable(uuid),
    updatedByName: nullable(z.string()),
    updatedAt: nullable(dateTime),
    version: z.number().int().min(0).describe("Increments on every change; send it back as `expectedVersion`."),
  })
  ;

export const releaseItemSchema = z
  .object({
    key: z.string(),
    title: z.string(),
    section: z.string().describe("Section title."),
    subsection: z.string().describe("Subsection title."),
    required: z.boolean(),
    phase: nullable(z.string()),
    command: nullable(z.string()),
    state: itemStateSchema,
  })
  ;
export type ReleaseItemBody = Describes<typeof releaseItemSchema, FlatReleaseItem>;

export const releaseItemListSchema = z.object({ items: z.array(releaseItemSchema) });

const markdownPart = z.object({ key: z.string(), title: z.string(), markdown: z.string() });

export const releaseSchema = z
  .object({
    id: uuid,
    version: z.string(),
    status: releaseStatusSchema,
    environment: environmentSchema,
    template: z.object({ id: uuid, name: z.string(), version: z.number().int() }),
    createdAt: dateTime,
    updatedAt: dateTime,
    progress: progressSchema,
    description: z.string(),
    sections: z.array(
      z.object({
        key: z.string(),
        kind: z.enum(["checklist", "environments"]),
        title: z.string(),
        note: z.string().optional(),
        subsections: z.array(
          z.object({
            key: z.string(),
            title: z.string(),
            note: z.string().optional(),
            items: z.array(
              z.object({ key: z.string(), title: z.string(), required: z.boolean(), phase: z.string().optional(), command: z.string().optional(), state: itemStateSchema }),
            ),
          }),
        ),
      }),
    ),
    runbooks: z.array(markdownPart),
    notes: z.array(markdownPart),
    signoffGroups: z.array(z.object({ title: z.string(), roles: z.array(z.string()) })),
    decision: z.looseObject({ kind: z.literal("decision") }).optional().describe("The template's decision block, when it has one."),
    contacts: z.array(z.object({ role: z.string(), name: z.string(), phone: z.string(), email: z.string() })),
    closingNote: z.string(),
  })
  ;
export type ReleaseBody = Describes<typeof releaseSchema, ReleaseView>;

export const updateItemResponseSchema = z
  .object({ item: itemStateSchema, release: progressSchema.extend({ status: releaseStatusSchema }) })
  .meta({
    examples: [
      {
        item: {
          itemKey: "docker-image-builds",
          status: "done",
          reason: null,
          note: null,
          evidenceLinks: ["https://ci.example.com/build/42"],
          assigneeId: null,
          updatedByName: "CI pipeline",
          updatedAt: "2026-12-06T10:00:00.000Z",
          version: 1,
        },
        release: { status: "in_progress", itemsTotal: 109, itemsDone: 1, requiredOpen: 97, blockedCount: 0 },
      },
    ],
  });
export type UpdateItemBody = Describes<typeof updateItemResponseSchema, { item: ItemStateView; release: ReleaseProgress }>;

export const verifyReportSchema = z
  .object({
    status: z.enum(["intact", "broken"]),
    events: z.number().int(),
    chains: z.number().int(),
    heads: z.array(z.object({ chain: z.string(), seq: z.number().int(), hash: z.string() })),
    break: z.looseObject({}).optional().describe("Where and how the trail is broken."),
    checkpoints: z.object({ count: z.number().int(), newest: z.string().optional() }),
    verifiedAt: dateTime,
  })
  ;
export type VerifyReportBody = Describes<typeof verifyReportSchema, VerifyReport>;

const fingerprint = z.string().regex(/^[0-9a-f]{64}$/);

export const publicKeySchema = z.object({
  algorithm: z.literal("Ed25519"),
  publicKeyPem: z.string().describe("The current checkpoint key, SPKI PEM."),
  fingerprint: fingerprint.describe("SHA-256 of the current key's DER SubjectPublicKeyInfo, lower-case hex."),
  firstFingerprint: fingerprint.describe("The first key's fingerprint; equal to `fingerprint` until the key is rotated."),
  rotations: z
    .array(z.object({ createdAt: dateTime, previousFingerprint: z.string(), fingerprint: z.string() }))
    .describe("Each rotation, oldest first: the old key signed a statement naming the new one."),
});
export type PublicKeyBody = Describes<typeof publicKeySchema, PublishedKey>;

export const openApiBodySchema = z.looseObject({ openapi: z.string() }).meta({ description: "The OpenAPI 3.1 document." });

/** The deployment gate's answer (lib/gate/gate.schema.ts, shared with the CLI). */
export { gateAnswerSchema };
export type GateBody = Describes<typeof gateAnswerSchema, GateAnswer>;

/** A project's webhooks (lib/webhooks/manage-webhooks.ts); the secret only in the answer that made it. */
const webhookSchema = z.object({
  id: uuid,
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)).describe("Event types it receives; empty: every type."),
  format: z.enum(WEBHOOK_FORMATS),
  rotating: z.boolean().describe("A rotated secret's overlap is running: messages carry two signatures."),
  createdAt: dateTime,
});
export const webhookListSchema = z.object({ webhooks: z.array(webhookSchema) });
export type WebhookListBody = Describes<typeof webhookListSchema, { webhooks: WebhookView[] }>;
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string().describe("whsec_…: the signing secret, shown this once.") });
export type CreatedWebhookBody = Describes<typeof createdWebhookSchema, WebhookView & { secret: string }>;
