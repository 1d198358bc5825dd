import { ITEM_STATUSES, RELEASE_STATUSES } from "@/lib/releases/release-status";
import { MAX_EVIDENCE, MAX_NOTE } from "@/lib/releases/release.schema";
import { MAX_BODY_BYTES } from "./v1-route";

/**
 * The OpenAPI 3.1 description of /api/v1, written by hand. Keep it beside
 * the routes: every route, its auth, its inputs, its answers and the one
 * error shape. Served at GET /api/v1/openapi.json without authentication.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (schema: object, description: string) => ({ description, content: { "application/json": { schema } } });
const uuid = { type: "string", format: "uuid" } as const;
const dateTime = { type: "string", format: "date-time" } as const;
const nullable = (schema: object) => ({ oneOf: [schema, { type: "null" }] });

const releaseId = { name: "id", in: "path", required: true, description: "Release id (UUID). Malformed or unknown ids answer 404.", schema: uuid };
const itemKey = {
  name: "itemKey",
  in: "path",
  required: true,
  description: "The item's key within the release (see GET /releases/{id}/items). Unknown keys answer 404.",
  schema: { type: "string", pattern: "^[a-z0-9-]{1,40}$" },
};
const errors = (...codes: ("BadRequest" | "Unauthenticated" | "Forbidden" | "NotFound" | "Conflict" | "PayloadTooLarge")[]) =>
  Object.fromEntries(
    codes.map((code) => [{ BadRequest: "400", Unauthenticated: "401", Forbidden: "403", NotFound: "404", Conflict: "409", PayloadTooLarge: "413" }[code], response(code)]),
  );

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Countersign API",
    version: "1.0.0",
    description: [
      "Release checklists over HTTP, for automation such as CI pipelines.",
      "",
      "**Authentication.** Send a personal API token as `Authorization: Bearer cs_…` (create one on your Profile page, or `npx countersign token create --user <email>`).",
      "A token acts as its user with the user's current permissions; revoked tokens and disabled users get 401 at once. A signed-in browser session also works;",
      "with a session, changes must come from the app's own origin.",
      "",
      "**Errors.** Every error is JSON: `{\"error\": {\"code\", \"message\", \"fields\"?, \"details\"?}}`. `fields` maps a field path (e.g. `evidenceLinks.0`, `reason`, `version`)",
      "to its messages. 400 bad input (nothing is written), 401 no or invalid token, 403 no permission (e.g. auditors changing anything), 404 unknown release or item,",
      `409 conflict (changed since \`expectedVersion\`, duplicate release, unmet environment gate, read-only release), 413 body over ${MAX_BODY_BYTES / 1024} KB.`,
      "",
      "**Creating a release from CI.** `GET /api/v1/templates` → the template's `id`; `POST /api/v1/releases` with `{\"templateId\", \"version\": \"2.4.0\", \"environment\": \"staging\"}` → 201 and its `id`.",
      "",
      "**Marking an item from CI.** Find the item by its exact title, then PATCH it by key:",
      "`GET /api/v1/releases/{id}/items?title=Docker%20image%20builds%20successfully` → `items[0].key`;",
      "`PATCH /api/v1/releases/{id}/items/{key}` with `{\"status\": \"done\", \"evidenceLinks\": [\"https://ci.example.com/build/42\"]}`.",
    ].join("\n"),
  },
  servers: [{ url: "/api/v1" }],
  security: [{ bearerAuth: [] }, { sessionCookie: [] }],
  tags: [
    { name: "releases", description: "Releases and their checklist items." },
    { name: "account", description: "The caller." },
    { name: "audit", description: "The audit trail." },
    { name: "meta", description: "This document." },
  ],
  paths: {
    "/me": {
      get: {
        tags: ["account"],
        operationId: "getMe",
        summary: "Who the caller is",
        responses: { "200": json(ref("Me"), "The authenticated user."), ...errors("Unauthenticated") },
      },
    },
    "/templates": {
      get: {
        tags: ["releases"],
        operationId: "listTemplates",
        summary: "List templates",
        description: "Checklist templates by name, with their latest version: where the `templateId` of a new release comes from.",
        responses: {
          "200": json(
            {
              type: "object",
              required: ["templates"],
              properties: {
                templates: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["id", "name", "latestVersion", "updatedAt"],
                    properties: { id: uuid, name: { type: "string" }, latestVersion: { type: "integer" }, updatedAt: dateTime },
                  },
                },
              },
            },
            "The templates, by name.",
          ),
          ...errors("Unauthenticated", "Forbidden"),
        },
      },
    },
    "/releases": {
      get: {
        tags: ["releases"],
        operationId: "listReleases",
        summary: "List releases",
        description: "Open releases (draft, in progress, awaiting sign-off, approved) first, newest first within each group. Bad parameters answer 400 naming them in `fields`.",
        parameters: [
          { name: "environment", in: "query", schema: { type: "string", pattern: "^[a-z0-9-]*$", maxLength: 40 }, description: "Environment key, e.g. `staging`." },
          { name: "status", in: "query", schema: ref("ReleaseStatus") },
          { name: "version", in: "query", schema: { type: "string", maxLength: 64 }, description: "Version prefix, e.g. `2.4` (a leading `v` is ignored)." },
          { name: "from", in: "query", schema: { type: "string", format: "date" }, description: "Created on or after this UTC date." },
          { name: "to", in: "query", schema: { type: "string", format: "date" }, description: "Created on or before this UTC date (inclusive)." },
          { name: "page", in: "query", schema: { type: "integer", minimum: 1, maximum: 10000, default: 1 } },
          { name: "pageSize", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 25 } },
        ],
        responses: { "200": json(ref("ReleaseList"), "One page of releases."), ...errors("BadRequest", "Unauthenticated", "Forbidden") },
      },
      post: {
        tags: ["releases"],
        operationId: "createRelease",
        summary: "Create a release",
        description: "Creates a release of a template version for an environment, with one open item per template item that applies to the environment. Needs the `release:create` permission (members and admins).",
        requestBody: { required: true, content: { "application/json": { schema: ref("CreateReleaseRequest") } } },
        responses: {
          "201": {
            ...json(ref("CreatedRelease"), "Created."),
            headers: { Location: { description: "The new release's URL.", schema: { type: "string" } } },
          },
          ...errors("BadRequest", "Unauthenticated", "Forbidden", "Conflict", "PayloadTooLarge"),
        },
      },
    },
    "/releases/{id}": {
      get: {
        tags: ["releases"],
        operationId: "getRelease",
        summary: "Get a release",
        description: "The release with its sections, subsections, items and item states, as its page shows it (X.Y.Z in titles and commands replaced by the version).",
        parameters: [releaseId],
        responses: { "200": json(ref("Release"), "The release."), ...errors("Unauthenticated", "Forbidden", "NotFound") },
      },
    },
    "/releases/{id}/items": {
      get: {
        tags: ["releases"],
        operationId: "listReleaseItems",
        summary: "List a release's items (flat)",
        parameters: [
          releaseId,
          {
            name: "title",
            in: "query",
            schema: { type: "string", maxLength: 500 },
            description: "Only items whose title is exactly this (case-sensitive, as shown on the release), e.g. `Docker image builds successfully`.",
          },
        ],
        responses: {
          "200": json({ type: "object", required: ["items"], properties: { items: { type: "array", items: ref("ReleaseItem") } } }, "The items in reading order."),
          ...errors("BadRequest", "Unauthenticated", "Forbidden", "NotFound"),
        },
      },
    },
    "/releases/{id}/items/{itemKey}": {
      get: {
        tags: ["releases"],
        operationId: "getReleaseItem",
        summary: "Get one item",
        parameters: [releaseId, itemKey],
        responses: { "200": json(ref("ReleaseItem"), "The item."), ...errors("Unauthenticated", "Forbidden", "NotFound") },
      },
      patch: {
        tags: ["releases"],
        operationId: "updateReleaseItem",
        summary: "Change an item's state",
        description: [
          "Sets the item's status and, optionally, its reason, note, evidence links and assignee; fields left out keep their value",
          "(`evidenceLinks` replaces the whole list). Needs the `item:update` permission.",
          "",
          "**Concurrency.** With `expectedVersion` the change applies only if the item is still at that version; otherwise 409 with the current state in",
          "`error.details.current`. Without `expectedVersion` the server reads the item's current version and applies the change on top of it:",
          "**last writer wins for callers that do not send `expectedVersion`.** Browsers always send it.",
          "",
          "Approved, deployed, rolled back and cancelled releases are read-only (409).",
        ].join("\n"),
        parameters: [releaseId, itemKey],
        requestBody: { required: true, content: { "application/json": { schema: ref("UpdateItemRequest") } } },
        responses: {
          "200": json(ref("UpdateItemResponse"), "The item and the release's progress after the change (unchanged when nothing differed)."),
          ...errors("BadRequest", "Unauthenticated", "Forbidden", "NotFound", "Conflict", "PayloadTooLarge"),
        },
      },
    },
    "/audit/verify": {
      get: {
        tags: ["audit"],
        operationId: "verifyAuditTrail",
        summary: "Verify the audit trail",
        description: "Recomputes every hash of the trail (or one chain) and compares chain heads with the signed checkpoints. Needs `audit:read` (auditors and admins).",
        parameters: [{ name: "chain", in: "query", schema: { type: "string", pattern: "^(global|release:[0-9a-f-]{36})$" }, description: "One chain only." }],
        responses: {
          "200": json(ref("VerifyReport"), "The verification report; `status` is `broken` when a hash, sequence or checkpoint does not match."),
          ...errors("BadRequest", "Unauthenticated", "Forbidden"),
          "503": response("Unavailable"),
        },
      },
    },
    "/audit/public-key": {
      get: {
        tags: ["audit"],
        operationId: "getAuditPublicKey",
        summary: "The checkpoint public key and its fingerprint",
        description: [
          "The Ed25519 public key that signs audit checkpoints (PEM), its SHA-256 fingerprint (of the DER public key, as",
          "`openssl pkey -pubin -in key.pem -outform DER | sha256sum` gives), the first key's fingerprint (where an evidence bundle's",
          "verification starts) and every rotation since. **No authentication**: a public key is public, and auditors outside the",
          "organisation need it. Compare it with the fingerprint your organisation published out of band: this answer comes from",
          "the server it is meant to check.",
        ].join(" "),
        security: [],
        responses: { "200": json(ref("PublicKey"), "The current key, its fingerprint and its rotations."), "503": response("Unavailable") },
      },
    },
    "/openapi.json": {
      get: {
        tags: ["meta"],
        operationId: "getOpenApiDocument",
        summary: "This document",
        security: [],
        responses: { "200": { description: "The OpenAPI 3.1 document.", content: { "application/json": { schema: { type: "object" } } } } },
      },
    },
  },
  components: {
    securitySchemes: {
      bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "cs_ followed by 43 base64url characters", description: "A personal API token." },
      sessionCookie: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The browser session (same-origin requests only for changes)." },
    },
    responses: {
      BadRequest: json(ref("Error"), "Invalid input; `error.fields` names each bad field (e.g. `evidenceLinks.0`). Nothing was written."),
      Unauthenticated: json(ref("Error"), "No token or session, or the token is invalid or revoked."),
      Forbidden: json(ref("Error"), "The caller lacks the permission (auditors are read-only)."),
      NotFound: json(ref("Error"), "The release or item does not exist."),
      Conflict: json(ref("Error"), "The change conflicts with the current state; `error.details.current` holds the item's state after a version conflict."),
      PayloadTooLarge: json(ref("Error"), `The body is over ${MAX_BODY_BYTES / 1024} KB.`),
      Unavailable: json(ref("Error"), "The database or checkpoint store is unavailable; try again."),
    },
    schemas: {
      PublicKey: {
        type: "object",
        required: ["algorithm", "publicKeyPem", "fingerprint", "firstFingerprint", "rotations"],
        properties: {
          algorithm: { type: "string", enum: ["Ed25519"] },
          publicKeyPem: { type: "string", description: "The current checkpoint key, SPKI PEM." },
          fingerprint: { type: "string", pattern: "^[0-9a-f]{64}$", description: "SHA-256 of the current key's DER SubjectPublicKeyInfo, lower-case hex." },
          firstFingerprint: { type: "string", pattern: "^[0-9a-f]{64}$", description: "The first key's fingerprint; equal to `fingerprint` until the key is rotated." },
          rotations: {
            type: "array",
            description: "Each rotation, oldest first: the old key signed a statement naming the new one.",
            items: {
              type: "object",
              required: ["createdAt", "previousFingerprint", "fingerprint"],
              properties: { createdAt: dateTime, previousFingerprint: { type: "string" }, fingerprint: { type: "string" } },
            },
          },
        },
      },
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: { type: "string", enum: ["BAD_REQUEST", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE", "INTERNAL"] },
              message: { type: "string", description: "Safe to show a person." },
              fields: { type: "object", additionalProperties: { type: "array", items: { type: "string" } }, description: "Field path → messages." },
              details: { description: "Structured context, e.g. `{current: ItemState}` after a version conflict." },
            },
          },
        },
        examples: [{ error: { code: "BAD_REQUEST", message: "The request has invalid fields.", fields: { "evidenceLinks.0": ["Evidence links must be http(s) URLs."] } } }],
      },
      Me: {
        type: "object",
        required: ["id", "email", "name", "appRole", "signoffRoles"],
        properties: {
          id: uuid,
          email: { type: "string", format: "email" },
          name: { type: "string" },
          appRole: { type: "string", enum: ["admin", "member", "auditor"] },
          signoffRoles: { type: "array", items: { type: "object", required: ["key", "name"], properties: { key: { type: "string" }, name: { type: "string" } } } },
        },
      },
      ReleaseStatus: { type: "string", enum: [...RELEASE_STATUSES] },
      ItemStatus: { type: "string", enum: [...ITEM_STATUSES], description: "`na` (not applicable) and `blocked` need a reason." },
      Environment: { type: "object", required: ["key", "name"], properties: { key: { type: "string" }, name: { type: "string" } } },
      Progress: {
        type: "object",
        required: ["itemsTotal", "itemsDone", "requiredOpen", "blockedCount"],
        properties: {
          itemsTotal: { type: "integer" },
          itemsDone: { type: "integer", description: "Items done or not applicable." },
          requiredOpen: { type: "integer", description: "Required items neither done nor not applicable." },
          blockedCount: { type: "integer" },
        },
      },
      ReleaseSummary: {
        type: "object",
        required: ["id", "version", "status", "environment", "templateName", "createdAt", "updatedAt", "itemsTotal", "itemsDone", "blockedCount"],
        properties: {
          id: uuid,
          version: { type: "string" },
          status: ref("ReleaseStatus"),
          environment: ref("Environment"),
          templateName: { type: "string" },
          createdAt: dateTime,
          updatedAt: dateTime,
          itemsTotal: { type: "integer" },
          itemsDone: { type: "integer" },
          blockedCount: { type: "integer" },
        },
      },
      ReleaseList: {
        type: "object",
        required: ["releases", "total", "page", "pageSize"],
        properties: { releases: { type: "array", items: ref("ReleaseSummary") }, total: { type: "integer" }, page: { type: "integer" }, pageSize: { type: "integer" } },
      },
      CreateReleaseRequest: {
        type: "object",
        required: ["templateId", "version", "environment"],
        properties: {
          templateId: uuid,
          templateVersion: { type: "integer", minimum: 1, description: "Default: the template's latest version." },
          version: { type: "string", maxLength: 64, description: "Semantic version, e.g. `2.4.0` or `2.4.0-rc.1` (a leading `v` is removed)." },
          environment: { type: "string", pattern: "^[a-z][a-z0-9-]*$", maxLength: 40, description: "Environment key, e.g. `staging`." },
        },
      },
      CreatedRelease: {
        type: "object",
        required: ["id", "version", "environment", "items"],
        properties: { id: uuid, version: { type: "string" }, environment: { type: "string" }, items: { type: "integer", description: "Number of items." } },
      },
      ItemState: {
        type: "object",
        required: ["itemKey", "status", "reason", "note", "evidenceLinks", "assigneeId", "updatedByName", "updatedAt", "version"],
        properties: {
          itemKey: { type: "string" },
          status: ref("ItemStatus"),
          reason: nullable({ type: "string" }),
          note: nullable({ type: "string" }),
          evidenceLinks: { type: "array", items: { type: "string", format: "uri" } },
          assigneeId: nullable(uuid),
          updatedByName: nullable({ type: "string" }),
          updatedAt: nullable(dateTime),
          version: { type: "integer", minimum: 0, description: "Increments on every change; send it back as `expectedVersion`." },
        },
      },
      ReleaseItem: {
        type: "object",
        required: ["key", "title", "section", "subsection", "required", "phase", "command", "state"],
        properties: {
          key: { type: "string" },
          title: { type: "string" },
          section: { type: "string", description: "Section title." },
          subsection: { type: "string", description: "Subsection title." },
          required: { type: "boolean" },
          phase: nullable({ type: "string" }),
          command: nullable({ type: "string" }),
          state: ref("ItemState"),
        },
      },
      Release: {
        type: "object",
        required: ["id", "version", "status", "environment", "template", "createdAt", "updatedAt", "progress", "sections"],
        properties: {
          id: uuid,
          version: { type: "string" },
          status: ref("ReleaseStatus"),
          environment: ref("Environment"),
          template: { type: "object", required: ["id", "name", "version"], properties: { id: uuid, name: { type: "string" }, version: { type: "integer" } } },
          createdAt: dateTime,
          updatedAt: dateTime,
          progress: ref("Progress"),
          description: { type: "string" },
          sections: {
            type: "array",
            items: {
              type: "object",
              required: ["key", "kind", "title", "subsections"],
              properties: {
                key: { type: "string" },
                kind: { type: "string", enum: ["checklist", "environments"] },
                title: { type: "string" },
                note: { type: "string" },
                subsections: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["key", "title", "items"],
                    properties: {
                      key: { type: "string" },
                      title: { type: "string" },
                      note: { type: "string" },
                      items: {
                        type: "array",
                        items: {
                          type: "object",
                          required: ["key", "title", "required", "state"],
                          properties: { key: { type: "string" }, title: { type: "string" }, required: { type: "boolean" }, phase: { type: "string" }, command: { type: "string" }, state: ref("ItemState") },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          runbooks: { type: "array", items: { type: "object", properties: { key: { type: "string" }, title: { type: "string" }, markdown: { type: "string" } } } },
          notes: { type: "array", items: { type: "object", properties: { key: { type: "string" }, title: { type: "string" }, markdown: { type: "string" } } } },
          signoffGroups: { type: "array", items: { type: "object", properties: { title: { type: "string" }, roles: { type: "array", items: { type: "string" } } } } },
          contacts: {
            type: "array",
            items: { type: "object", properties: { role: { type: "string" }, name: { type: "string" }, phone: { type: "string" }, email: { type: "string" } } },
          },
          closingNote: { type: "string" },
        },
      },
      UpdateItemRequest: {
        type: "object",
        additionalProperties: false,
        required: ["status"],
        properties: {
          status: ref("ItemStatus"),
          reason: { type: "string", maxLength: 1000, description: "Required when status is `na` or `blocked`; cleared otherwise." },
          note: { type: "string", maxLength: MAX_NOTE, description: "An empty string clears the note." },
          evidenceLinks: {
            type: "array",
            maxItems: MAX_EVIDENCE,
            items: { type: "string", format: "uri", maxLength: 2000, pattern: "^https?://" },
            description: "http(s) URLs only (javascript:, data: and other schemes are refused). Replaces the item's list.",
          },
          assigneeId: nullable(uuid),
          expectedVersion: { type: "integer", minimum: 0, description: "The item version the change is based on. Omit for last-writer-wins." },
        },
        examples: [{ status: "done", evidenceLinks: ["https://ci.example.com/build/42"] }, { status: "na", reason: "No breaking changes in this release." }],
      },
      UpdateItemResponse: {
        type: "object",
        required: ["item", "release"],
        properties: {
          item: ref("ItemState"),
          release: {
            allOf: [ref("Progress"), { type: "object", required: ["status"], properties: { status: ref("ReleaseStatus") } }],
          },
        },
      },
      VerifyReport: {
        type: "object",
        required: ["status", "events", "chains", "heads", "checkpoints", "verifiedAt"],
        properties: {
          status: { type: "string", enum: ["intact", "broken"] },
          events: { type: "integer" },
          chains: { type: "integer" },
          heads: {
            type: "array",
            items: { type: "object", required: ["chain", "seq", "hash"], properties: { chain: { type: "string" }, seq: { type: "integer" }, hash: { type: "string" } } },
          },
          break: { type: "object", description: "Where and how the trail is broken." },
          checkpoints: { type: "object", properties: { count: { type: "integer" }, newest: { type: "string" } } },
          verifiedAt: dateTime,
        },
      },
    },
  },
} as const;
