import type { z } from "zod";
import { listReleasesSchema } from "@/lib/releases/list-releases";
import { createReleaseSchema } from "@/lib/releases/release.schema";
import { gateQuerySchema } from "@/lib/gate/gate.schema";
import { addWebhookSchema } from "@/lib/webhooks/webhook.schema";
import {
  createdReleaseSchema,
  createdWebhookSchema,
  errorSchema,
  gateAnswerSchema,
  webhookListSchema,
  meSchema,
  projectListSchema,
  projectSchema,
  openApiBodySchema,
  publicKeySchema,
  releaseItemListSchema,
  releaseItemSchema,
  releaseListSchema,
  releaseSchema,
  templateListSchema,
  updateItemResponseSchema,
  verifyReportSchema,
} from "./responses";
import { itemKeyParamSchema, itemsQuerySchema, patchItemBodySchema, projectKeyParamSchema, releaseIdParamSchema, verifyQuerySchema } from "./schemas";

/**
 * Every /api/v1 operation: its path and method, the zod schemas of its
 * parameters, body and answer (the same objects the route handlers validate
 * with and are type-checked against), and its prose. The OpenAPI document is
 * generated from this list (openapi-document.ts); tests/unit/openapi.test.ts
 * checks that every route handler on disk is in it with the same schemas.
 */

export type ErrorName = "BadRequest" | "Unauthenticated" | "Forbidden" | "NotFound" | "Conflict" | "PayloadTooLarge" | "Unavailable";

export type Operation = {
  path: string;
  method: "get" | "post" | "patch";
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  /** Path parameters, by name. */
  params?: Record<string, { schema: z.ZodType; description: string }>;
  query?: z.ZodObject;
  /** Descriptions of query parameters the schema's own description does not give. */
  queryDescriptions?: Record<string, string>;
  body?: z.ZodType;
  response: {
    status: 200 | 201 | 410;
    schema: z.ZodType;
    description: string;
    headers?: Record<string, { description: string; schema: { type: string } }>;
    /** The answer's media type (default application/json); for text/event-stream, `schema` is each event's data. */
    contentType?: "application/json" | "text/event-stream";
  };
  errors: ErrorName[];
  /** Public (no authentication). */
  public?: boolean;
  /** A path from before projects that answers 410 Gone (MOVED_PATHS). */
  deprecated?: boolean;
};

const projectKey = {
  schema: projectKeyParamSchema,
  description: "The project's key (see GET /projects), e.g. `mgit`. A project that does not exist and one the caller may not read both answer 404.",
};
const releaseId = { schema: releaseIdParamSchema, description: "Release id (UUID). Malformed or unknown ids, and releases of another project, answer 404." };
const itemKey = { schema: itemKeyParamSchema, description: "The item's key within the release (see GET /projects/{key}/releases/{id}/items). Unknown keys answer 404." };

/**
 * The unscoped paths from before projects (issue 11) and where each moved:
 * they answer 410 Gone with the new path in the message (gone-route.ts).
 */
export const MOVED_PATHS: { path: string; methods: ("get" | "post" | "patch")[]; movedTo: string }[] = [
  { path: "/templates", methods: ["get"], movedTo: "/projects/{key}/templates" },
  { path: "/releases", methods: ["get", "post"], movedTo: "/projects/{key}/releases" },
  { path: "/releases/{id}", methods: ["get"], movedTo: "/projects/{key}/releases/{id}" },
  { path: "/releases/{id}/items", methods: ["get"], movedTo: "/projects/{key}/releases/{id}/items" },
  { path: "/releases/{id}/items/{itemKey}", methods: ["get", "patch"], movedTo: "/projects/{key}/releases/{id}/items/{itemKey}" },
];

const movedOperations: Operation[] = MOVED_PATHS.flatMap(({ path, methods, movedTo }) =>
  methods.map((method) => ({
    path,
    method,
    operationId: `moved${method[0]!.toUpperCase()}${method.slice(1)}${path.replace(/\{[^}]+\}/g, "").split("/").map((part) => (part ? part[0]!.toUpperCase() + part.slice(1) : "")).join("")}`,
    tags: ["moved"],
    summary: `Moved to ${movedTo}`,
    description: `Every release and template belongs to a project since issue 11: this path answers 410 Gone with \`error.code\` \`GONE\` and a message naming ${movedTo}.`,
    deprecated: true,
    public: true,
    response: { status: 410 as const, schema: errorSchema, description: `Gone: use ${movedTo}.` },
    errors: [],
  })),
);

export const operations: Operation[] = [
  {
    path: "/me",
    method: "get",
    operationId: "getMe",
    tags: ["account"],
    summary: "Who the caller is",
    response: { status: 200, schema: meSchema, description: "The authenticated user." },
    errors: ["Unauthenticated"],
  },
  {
    path: "/projects",
    method: "get",
    operationId: "listProjects",
    tags: ["projects"],
    summary: "List the projects the caller may read",
    description: "By name: a member's own projects, every project for admins and organisation-wide auditors, the listed ones for a scoped auditor. A token restricted to one project sees that one.",
    response: { status: 200, schema: projectListSchema, description: "The projects, by name." },
    errors: ["Unauthenticated"],
  },
  {
    path: "/projects/{key}",
    method: "get",
    operationId: "getProject",
    tags: ["projects"],
    summary: "Get a project",
    params: { key: projectKey },
    response: { status: 200, schema: projectSchema, description: "The project." },
    errors: ["Unauthenticated", "Forbidden", "NotFound"],
  },
  {
    path: "/projects/{key}/templates",
    method: "get",
    operationId: "listTemplates",
    tags: ["releases"],
    summary: "List the project's templates",
    description: "The project's checklist templates by name, with their latest version: where the `templateId` of a new release comes from.",
    params: { key: projectKey },
    response: { status: 200, schema: templateListSchema, description: "The templates, by name." },
    errors: ["Unauthenticated", "Forbidden", "NotFound"],
  },
  {
    path: "/projects/{key}/releases",
    method: "get",
    operationId: "listReleases",
    tags: ["releases"],
    summary: "List the project's releases",
    description: "Open releases (draft, in progress, awaiting sign-off, approved) first, newest first within each group. Bad parameters answer 400 naming them in `fields`.",
    params: { key: projectKey },
    query: listReleasesSchema.omit({ project: true }),
    queryDescriptions: {
      environment: "Environment key, e.g. `staging`.",
      version: "Version prefix, e.g. `2.4` (a leading `v` is ignored).",
      from: "Created on or after this UTC date.",
      to: "Created on or before this UTC date (inclusive).",
    },
    response: { status: 200, schema: releaseListSchema, description: "One page of releases." },
    errors: ["BadRequest", "Unauthenticated", "Forbidden", "NotFound"],
  },
  {
    path: "/projects/{key}/releases",
    method: "post",
    operationId: "createRelease",
    tags: ["releases"],
    summary: "Create a release",
    description: [
      "Creates a release of one of the project's template versions for one of its environments, with one open item per template item that applies to",
      "the environment. Needs `release:create` in the project (its contributors and maintainers, admins); a token needs the scope `releases:write`.",
      "A template of another project is unknown here (400 naming `templateId`).",
    ].join(" "),
    params: { key: projectKey },
    body: createReleaseSchema,
    response: {
      status: 201,
      schema: createdReleaseSchema,
      description: "Created.",
      headers: { Location: { description: "The new release's URL.", schema: { type: "string" } } },
    },
    errors: ["BadRequest", "Unauthenticated", "Forbidden", "NotFound", "Conflict", "PayloadTooLarge"],
  },
  {
    path: "/projects/{key}/releases/{id}",
    method: "get",
    operationId: "getRelease",
    tags: ["releases"],
    summary: "Get a release",
    description: "The release with its sections, subsections, items and item states, as its page shows it (X.Y.Z in titles and commands replaced by the version).",
    params: { key: projectKey, id: releaseId },
    response: { status: 200, schema: releaseSchema, description: "The release." },
    errors: ["Unauthenticated", "Forbidden", "NotFound"],
  },
  {
    path: "/projects/{key}/releases/{id}/items",
    method: "get",
    operationId: "listReleaseItems",
    tags: ["releases"],
    summary: "List a release's items (flat)",
    params: { key: projectKey, id: releaseId },
    query: itemsQuerySchema,
    queryDescriptions: { title: "Only items whose title is exactly this (case-sensitive, as shown on the release), e.g. `Docker image builds successfully`." },
    response: { status: 200, schema: releaseItemListSchema, description: "The items in reading order." },
    errors: ["BadRequest", "Unauthenticated", "Forbidden", "NotFound"],
  },
  {
    path: "/projects/{key}/releases/{id}/items/{itemKey}",
    method: "get",
    operationId: "getReleaseItem",
    tags: ["releases"],
    summary: "Get one item",
    params: { key: projectKey, id: releaseId, itemKey },
    response: { status: 200, schema: releaseItemSchema, description: "The item." },
    errors: ["Unauthenticated", "Forbidden", "NotFound"],
  },
  {
    path: "/projects/{key}/releases/{id}/items/{itemKey}",
    method: "patch",
    operationId: "updateReleaseItem",
    tags: ["releases"],
    summary: "Change an item's state",
    description: [
      "Sets the item's status and, optionally, its reason, note, evidence links and assignee; fields left out keep their value",
      "(`evidenceLinks` replaces the whole list). Needs `item:update` in the project; a token needs the scope `items:write`.",
      "",
      "**Concurrency.** With `expectedVersion` the change applies only if the item is still at that version; otherwise 409 with the current state in",
      "`error.details.current`. Without `expectedVersion` the server reads the item's current version and applies the change on top of it:",
      "**last writer wins for callers that do not send `expectedVersion`.** Browsers always send it.",
      "",
      "Approved, deployed, rolled back and cancelled releases are read-only (409).",
    ].join("\n"),
    params: { key: projectKey, id: releaseId, itemKey },
    body: patchItemBodySchema,
    response: { status: 200, schema: updateItemResponseSchema, description: "The item and the release's progress after the change (unchanged when nothing differed)." },
    errors: ["BadRequest", "Unauthenticated", "Forbidden", "NotFound", "Conflict", "PayloadTooLarge"],
  },
  {
    path: "/projects/{key}/gate",
    method: "get",
    operationId: "checkDeploymentGate",
    tags: ["deployments"],
    summary: "May this version be deployed to this environment?",
    description: [
      "The deployment gate for CI (docs/ci.md): `allowed: true` with the release and the live signatures its approval rests on when the release of",
      "`version` in `environment` is approved (or already deployed), every sign-off role has its signers (none stale) and the environment's gates",
      "are met (e.g. production needs the same version approved in staging). Otherwise `allowed: false` with `missing`: what is still open or",
      "unsigned, each entry with a `message` to print, and `url`, the release's page. Both answers are 200: a pipeline reads `allowed`.",
      "An unknown project, environment or version answers 404 with the reason; so does a project the caller may not read, or a token of another",
      "project. A token needs the scope `releases:read`. `npx countersign gate check` calls this and exits 0 or 1.",
    ].join(" "),
    params: { key: projectKey },
    query: gateQuerySchema,
    response: { status: 200, schema: gateAnswerSchema, description: "The gate's answer." },
    errors: ["BadRequest", "Unauthenticated", "Forbidden", "NotFound"],
  },
  {
    path: "/projects/{key}/gate/events",
    method: "get",
    operationId: "watchDeploymentGate",
    tags: ["deployments"],
    summary: "The deployment gate as a live stream",
    description: [
      "Server-sent events (`text/event-stream`): an event `gate` whose data is the same answer as GET /projects/{key}/gate, at once and again each",
      "time it changes (as items are ticked, signatures given or gone stale, and the environments it waits for are approved), on any instance.",
      "An event `error` (`{\"error\": {code, message}}`) says the answer could not be read; reconnect. Comments (`: keep-alive`) come every 15 s.",
      "Close the stream once you have your answer: this is what `npx countersign gate check --wait 30m` waits on, instead of polling.",
      "Errors before the stream opens (bad query, unknown project, environment or version) are JSON, as for GET /projects/{key}/gate.",
    ].join(" "),
    params: { key: projectKey },
    query: gateQuerySchema,
    response: { status: 200, schema: gateAnswerSchema, contentType: "text/event-stream", description: "The stream; each `gate` event's data is the answer." },
    errors: ["BadRequest", "Unauthenticated", "Forbidden", "NotFound"],
  },
  {
    path: "/projects/{key}/webhooks",
    method: "get",
    operationId: "listWebhooks",
    tags: ["webhooks"],
    summary: "List the project's webhooks",
    description: "Needs `project:manage` (the project's maintainers, admins) with a browser session: API tokens never manage a project. Secrets are never listed.",
    params: { key: projectKey },
    response: { status: 200, schema: webhookListSchema, description: "The webhooks, oldest first." },
    errors: ["Unauthenticated", "Forbidden", "NotFound"],
  },
  {
    path: "/projects/{key}/webhooks",
    method: "post",
    operationId: "addWebhook",
    tags: ["webhooks"],
    summary: "Add a webhook",
    description: [
      "The project's events (`events`, none: all) POSTed to `url`, signed per Standard Webhooks (`format: standard`) or as Slack's `{\"text\"}` (`format: slack`);",
      "see docs/ci.md. The URL must be http(s) and resolve to public addresses (400 naming `url` otherwise, unless the server allows private targets).",
      "The answer holds the signing secret (`whsec_…`), shown this once. Needs `project:manage` with a browser session (same origin).",
    ].join(" "),
    params: { key: projectKey },
    body: addWebhookSchema,
    response: { status: 201, schema: createdWebhookSchema, description: "Added; the secret is in this answer only." },
    errors: ["BadRequest", "Unauthenticated", "Forbidden", "NotFound", "Conflict", "PayloadTooLarge"],
  },
  {
    path: "/audit/verify",
    method: "get",
    operationId: "verifyAuditTrail",
    tags: ["audit"],
    summary: "Verify the audit trail",
    description: "Recomputes every hash of the trail (or one chain) and compares chain heads with the signed checkpoints. Needs `audit:read` (auditors and admins).",
    query: verifyQuerySchema,
    queryDescriptions: { chain: "One chain only." },
    response: { status: 200, schema: verifyReportSchema, description: "The verification report; `status` is `broken` when a hash, sequence or checkpoint does not match." },
    errors: ["BadRequest", "Unauthenticated", "Forbidden", "Unavailable"],
  },
  {
    path: "/audit/public-key",
    method: "get",
    operationId: "getAuditPublicKey",
    tags: ["audit"],
    summary: "The checkpoint public key and its fingerprint",
    description: [
      "The Ed25519 public key that signs audit checkpoints (PEM), its SHA-256 fingerprint (of the DER public key, as",
      "`openssl pkey -pubin -in key.pem -outform DER | sha256sum` gives), the first key's fingerprint (where an evidence bundle's",
      "verification starts) and every rotation since. **No authentication**: a public key is public, and auditors outside the",
      "organisation need it. Compare it with the fingerprint your organisation published out of band: this answer comes from",
      "the server it is meant to check.",
    ].join(" "),
    public: true,
    response: { status: 200, schema: publicKeySchema, description: "The current key, its fingerprint and its rotations." },
    errors: ["Unavailable"],
  },
  {
    path: "/openapi.json",
    method: "get",
    operationId: "getOpenApiDocument",
    tags: ["meta"],
    summary: "This document",
    public: true,
    response: { status: 200, schema: openApiBodySchema, description: "The OpenAPI 3.1 document." },
    errors: [],
  },
  ...movedOperations,
];
