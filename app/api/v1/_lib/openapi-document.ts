import { z } from "zod";
import { createReleaseSchema } from "@/lib/releases/release.schema";
import { type ErrorName, type Operation, operations } from "./operations";
import {
  createdReleaseSchema,
  errorSchema,
  gateAnswerSchema,
  projectListSchema,
  projectSchema,
  itemStateSchema,
  itemStatusSchema,
  meSchema,
  publicKeySchema,
  progressSchema,
  releaseItemListSchema,
  releaseItemSchema,
  releaseListSchema,
  releaseSchema,
  releaseStatusSchema,
  templateListSchema,
  updateItemResponseSchema,
  verifyReportSchema,
} from "./responses";
import { patchItemBodySchema } from "./schemas";
import { MAX_BODY_BYTES } from "./v1-route";

/**
 * The OpenAPI 3.1 description of /api/v1, generated from the zod schemas the
 * routes validate with and answer in (zod 4's JSON Schema output), and from
 * the operation list beside them (operations.ts). Nothing here is written by
 * hand but prose. Served at GET /api/v1/openapi.json without authentication.
 */

/** Schemas shown once under components/schemas and referenced by name wherever they occur. */
export const COMPONENTS: Record<string, z.ZodType> = {
  Error: errorSchema,
  Me: meSchema,
  PublicKey: publicKeySchema,
  ReleaseStatus: releaseStatusSchema,
  Project: projectSchema,
  ProjectList: projectListSchema,
  ItemStatus: itemStatusSchema,
  Progress: progressSchema,
  TemplateList: templateListSchema,
  ReleaseList: releaseListSchema,
  CreateReleaseRequest: createReleaseSchema,
  CreatedRelease: createdReleaseSchema,
  ItemState: itemStateSchema,
  ReleaseItem: releaseItemSchema,
  ReleaseItemList: releaseItemListSchema,
  Release: releaseSchema,
  UpdateItemRequest: patchItemBodySchema,
  UpdateItemResponse: updateItemResponseSchema,
  VerifyReport: verifyReportSchema,
  GateAnswer: gateAnswerSchema,
};

type JsonSchema = Record<string, unknown>;

const ERROR_RESPONSES: Record<ErrorName, { status: string; description: string }> = {
  BadRequest: { status: "400", description: "Invalid input; `error.fields` names each bad field (e.g. `evidenceLinks.0`). Nothing was written." },
  Unauthenticated: { status: "401", description: "No token or session, or the token is invalid or revoked." },
  Forbidden: { status: "403", description: "The caller lacks the permission (auditors are read-only)." },
  NotFound: { status: "404", description: "The project, release or item does not exist, or the caller may not read it (the two are not told apart)." },
  Conflict: { status: "409", description: "The change conflicts with the current state; `error.details.current` holds the item's state after a version conflict." },
  PayloadTooLarge: { status: "413", description: `The body is over ${MAX_BODY_BYTES / 1024} KB.` },
  Unavailable: { status: "503", description: "The database or checkpoint store is unavailable; try again." },
};

/** One schema as JSON Schema (input side: what a client sends or may rely on), named components referenced. */
function jsonSchemaOf(schema: z.ZodType, components: Map<z.ZodType, string>): JsonSchema {
  const name = components.get(schema);
  if (name) return { $ref: `#/components/schemas/${name}` };
  const registry = z.registry<{ id: string }>();
  for (const [component, id] of components) registry.add(component, { id });
  registry.add(schema, { id: "__inline" });
  const { schemas } = z.toJSONSchema(registry, { io: "input", unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` });
  // zod leaves a schema's own examples out of its input form when a field is a
  // pipe (e.g. a number that also accepts digits as text); they are the docs' examples, so keep them.
  for (const [schema, id] of components) {
    const examples = z.globalRegistry.get(schema)?.examples;
    const generated = schemas[id] as { examples?: unknown } | undefined;
    if (generated && examples && !generated.examples) generated.examples = examples;
  }
  return clean(schemas.__inline ?? {});
}

/** Drops what only a standalone JSON Schema document needs. */
function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function parametersOf(operation: Operation, components: Map<z.ZodType, string>) {
  const path = Object.entries(operation.params ?? {}).map(([name, param]) => ({
    name,
    in: "path",
    required: true,
    description: param.description,
    schema: jsonSchemaOf(param.schema, components),
  }));
  const query = Object.entries(operation.query?.shape ?? {}).map(([name, schema]) => {
    const json = jsonSchemaOf(schema as z.ZodType, components);
    const description = operation.queryDescriptions?.[name] ?? (json.description as string | undefined);
    return { name, in: "query", ...(description ? { description } : {}), schema: json };
  });
  return [...path, ...query];
}

function operationObject(operation: Operation, components: Map<z.ZodType, string>) {
  const parameters = parametersOf(operation, components);
  return {
    tags: operation.tags,
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    ...(operation.public ? { security: [] } : {}),
    ...(operation.deprecated ? { deprecated: true } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchemaOf(operation.body, components) } } } } : {}),
    responses: {
      [String(operation.response.status)]: {
        description: operation.response.description,
        ...(operation.response.headers ? { headers: operation.response.headers } : {}),
        content: { [operation.response.contentType ?? "application/json"]: { schema: jsonSchemaOf(operation.response.schema, components) } },
      },
      ...Object.fromEntries(operation.errors.map((error) => [ERROR_RESPONSES[error].status, { $ref: `#/components/responses/${error}` }])),
    },
  };
}

export function buildOpenApiDocument() {
  const components = new Map(Object.entries(COMPONENTS).map(([name, schema]) => [schema, name] as const));
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of components) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io: "input", unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` });
  // zod leaves a schema's own examples out of its input form when a field is a
  // pipe (e.g. a number that also accepts digits as text); they are the docs' examples, so keep them.
  for (const [schema, id] of components) {
    const examples = z.globalRegistry.get(schema)?.examples;
    const generated = schemas[id] as { examples?: unknown } | undefined;
    if (generated && examples && !generated.examples) generated.examples = examples;
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) (paths[operation.path] ??= {})[operation.method] = operationObject(operation, components);

  return {
    openapi: "3.1.0",
    info: {
      title: "Countersign API",
      version: "1.0.0",
      description: [
        "Release checklists over HTTP, for automation such as CI pipelines.",
        "",
        "**Projects.** Every release and template belongs to a project: paths are `/api/v1/projects/{key}/…` (`GET /api/v1/projects` lists the keys you may read).",
        "A project you may not read answers 404, like one that does not exist. The unscoped paths of earlier versions answer 410 Gone naming the new path.",
        "",
        "**Authentication.** Send an API token as `Authorization: Bearer cs_…`: a personal one (your Profile page, or `npx countersign token create --user <email>`),",
        "which acts as you with your current permissions, in all your projects or only one; or a project token (the project's settings, or",
        "`npx countersign token create --project <key>`), owned by the project, which acts as a contributor there and is named in the audit trail.",
        "A token carries scopes: `releases:read` (read releases, items, templates), `releases:write` (create releases), `items:write` (change items);",
        "without the scope a route needs it gets 403, and a token never signs off. Revoked tokens and disabled users get 401 at once.",
        "A signed-in browser session also works; with a session, changes must come from the app's own origin.",
        "",
        "**Errors.** Every error is JSON: `{\"error\": {\"code\", \"message\", \"fields\"?, \"details\"?}}`. `fields` maps a field path (e.g. `evidenceLinks.0`, `reason`, `version`)",
        "to its messages. 400 bad input (nothing is written), 401 no or invalid token, 403 no permission or scope (e.g. auditors changing anything), 404 unknown project, release or item,",
        `409 conflict (changed since \`expectedVersion\`, duplicate release, unmet environment gate, read-only release), 413 body over ${MAX_BODY_BYTES / 1024} KB.`,
        "",
        "**Creating a release from CI.** `GET /api/v1/projects/{key}/templates` → the template's `id`; `POST /api/v1/projects/{key}/releases` with `{\"templateId\", \"version\": \"2.4.0\", \"environment\": \"staging\"}` → 201 and its `id`.",
        "",
        "**Marking an item from CI.** Find the item by its exact title, then PATCH it by key:",
        "`GET /api/v1/projects/{key}/releases/{id}/items?title=Docker%20image%20builds%20successfully` → `items[0].key`;",
        "`PATCH /api/v1/projects/{key}/releases/{id}/items/{itemKey}` with `{\"status\": \"done\", \"evidenceLinks\": [\"https://ci.example.com/build/42\"]}`.",
      ].join("\n"),
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    tags: [
      { name: "projects", description: "Projects: each product's templates, environments, releases and people." },
      { name: "releases", description: "Releases and their checklist items, within a project." },
      { name: "account", description: "The caller." },
      { name: "deployments", description: "The deployment gate for CI pipelines: may a version be deployed to an environment?" },
      { name: "webhooks", description: "A project's webhooks (its maintainers, with a browser session)." },
      { name: "audit", description: "The audit trail." },
      { name: "meta", description: "This document." },
      { name: "moved", description: "Paths from before projects; they answer 410 Gone naming the new path." },
    ],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "cs_ followed by 43 base64url characters", description: "An API token: personal, or a project token." },
        sessionCookie: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The browser session (same-origin requests only for changes)." },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([name, { description }]) => [name, { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]),
      ),
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, clean(schema as JsonSchema)])),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

/** Built once per process. */
export const openApiDocument: OpenApiDocument = buildOpenApiDocument();
