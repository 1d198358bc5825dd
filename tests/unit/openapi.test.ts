import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { COMPONENTS, openApiDocument } from "../../app/api/v1/_lib/openapi-document";
import { MOVED_PATHS, operations } from "../../app/api/v1/_lib/operations";
import { patchItemBodySchema } from "../../app/api/v1/_lib/schemas";

/**
 * The OpenAPI document is generated from the routes' own zod schemas: every
 * route handler under app/api/v1 (found on disk, not listed here) must be in
 * it with the body schema it validates with and the answer schema it is
 * type-checked against, and every example the docs show must pass those
 * schemas.
 */

// Route modules are imported, never called: Auth.js and the request scope are not needed.
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("../../lib/auth/current-user", () => ({ getCurrentUser: async () => null }));

const ROOT = path.resolve(__dirname, "../..");
const V1 = path.join(ROOT, "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type RouteHandler = ((...args: never[]) => unknown) & { schema?: z.ZodType; response?: z.ZodType };
type DocumentOperation = {
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};

function routeFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** app/api/v1/releases/[id]/items/route.ts → /releases/{id}/items */
function apiPath(file: string): string {
  const relative = path.relative(V1, path.dirname(file)).split(path.sep).filter((part) => !/^\(.*\)$/.test(part));
  return `/${relative.map((part) => part.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
}

const routes = routeFiles(V1).map((file) => ({ file: path.relative(ROOT, file), path: apiPath(file) }));

describe("the OpenAPI document covers every /api/v1 route handler", () => {
  it("finds the route handlers on disk", () => {
    expect(routes.length).toBeGreaterThanOrEqual(8);
  });

  for (const route of routes) {
    it(`${route.file}: every exported method is documented with the route's own request and response schemas`, async () => {
      const exported = (await import(path.join(ROOT, route.file))) as Record<string, unknown>;
      const handlers = METHODS.filter((method) => typeof exported[method] === "function");
      expect(handlers.length, `${route.file} exports no handler`).toBeGreaterThan(0);
      for (const method of handlers) {
        const handler = exported[method] as RouteHandler;
        const label = `${method} ${route.path}`;
        const documented = (openApiDocument.paths[route.path] as Record<string, DocumentOperation> | undefined)?.[method.toLowerCase()];
        expect(documented, `${label} is missing from the document`).toBeDefined();
        const operation = operations.find((entry) => entry.path === route.path && entry.method === method.toLowerCase());
        expect(operation, `${label} has no entry in operations.ts`).toBeDefined();

        // The very schemas the handler validates with and answers in.
        expect(handler.response, `${label} declares no response schema`).toBeDefined();
        expect(operation?.response.schema === handler.response, `${label}: documented answer is not the route's`).toBe(true);
        expect(operation?.body === handler.schema, `${label}: documented body is not the route's`).toBe(true);

        const success = documented?.responses[String(operation?.response.status)];
        expect(success?.content?.[operation?.response.contentType ?? "application/json"]?.schema, `${label}: no response schema in the document`).toBeTruthy();
        if (handler.schema) expect(documented?.requestBody?.content["application/json"]?.schema, `${label}: no request schema in the document`).toBeTruthy();
        else expect(documented?.requestBody, `${label}: documents a body the route does not read`).toBeUndefined();
      }
    });
  }

  it("documents no operation that has no route handler", () => {
    const served = new Set(routes.map((route) => route.path));
    for (const [documentedPath, methods] of Object.entries(openApiDocument.paths)) {
      expect(served.has(documentedPath), `${documentedPath} has no route.ts`).toBe(true);
      expect(Object.keys(methods).length).toBeGreaterThan(0);
    }
  });

  it("resolves every $ref to a schema or response in the document", () => {
    const refs = [...JSON.stringify(openApiDocument).matchAll(/"\$ref":"#\/components\/(schemas|responses)\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(10);
    for (const [, kind, name] of refs) {
      expect(openApiDocument.components[kind as "schemas" | "responses"], `${kind}/${name}`).toHaveProperty(name!);
    }
  });
});

describe("examples in the docs match the schemas they illustrate", () => {
  it("every example in the document passes the zod schema it was generated from", () => {
    let checked = 0;
    for (const [name, schema] of Object.entries(COMPONENTS)) {
      const examples = (openApiDocument.components.schemas[name] as { examples?: unknown[] } | undefined)?.examples ?? [];
      for (const example of examples) {
        const result = schema.safeParse(example);
        expect(result.success, `${name} example ${JSON.stringify(example)}: ${result.error?.message}`).toBe(true);
        checked += 1;
      }
    }
    // The error shape, the item change and its answer carry examples.
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("the README's API calls use documented routes and a body the PATCH route accepts", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const calls = [...readme.matchAll(/curl [^\n]*(?:\\\n[^\n]*)*"\$URL\/api\/v1(\/[^"?]*)/g)].map((match) => match[1]!);
    expect(calls.length).toBeGreaterThan(0);
    // Current paths only: not the ones that moved and answer 410 (MOVED_PATHS).
    const templatePaths = Object.keys(openApiDocument.paths)
      .filter((documented) => !MOVED_PATHS.some((moved) => moved.path === documented))
      .map((documented) => new RegExp(`^${documented.replace(/\{[^}]+\}/g, "[^/]+")}$`));
    for (const call of calls) expect(templatePaths.some((pattern) => pattern.test(call)), call).toBe(true);

    const bodies = [...readme.matchAll(/-d '(\{[^']*\})'/g)].map((match) => JSON.parse(match[1]!) as unknown);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(patchItemBodySchema.safeParse(body).success, JSON.stringify(body)).toBe(true);
  });
});

describe("the paths from before projects", () => {
  for (const moved of MOVED_PATHS) {
    it(`${moved.path} answers 410 Gone naming ${moved.movedTo}, for every method it had, to anyone`, async () => {
      const file = path.join(V1, ...moved.path.split("/").filter(Boolean).map((part) => part.replace(/^\{(.+)\}$/, "[$1]")), "route.ts");
      const exported = (await import(file)) as Record<string, (request: Request) => Promise<Response>>;
      expect(METHODS.filter((method) => typeof exported[method] === "function").map((method) => method.toLowerCase())).toEqual(moved.methods);
      for (const method of moved.methods) {
        const response = await exported[method.toUpperCase()]!(new Request(`http://localhost/api/v1${moved.path}`, { method: method.toUpperCase() }));
        expect(response.status).toBe(410);
        const body = (await response.json()) as { error: { code: string; message: string; details: { movedTo: string } } };
        expect(body.error.code).toBe("GONE");
        expect(body.error.message).toMatch(new RegExp(`^Moved to /api/v1${moved.movedTo.replace(/[{}]/g, "\\$&")}: `));
        expect(body.error.details).toEqual({ movedTo: `/api/v1${moved.movedTo}` });
        expect((openApiDocument.paths[moved.path] as Record<string, { deprecated?: boolean }>)[method]?.deprecated).toBe(true);
      }
    });
  }
});
