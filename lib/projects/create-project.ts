import "server-only";
import { db, Prisma } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { createProjectSchema, type CreateProjectInput } from "./project.schema";
import type { ProjectRef } from "./resolve-project";

/**
 * The environments every new project starts with, so it can be used at once:
 * staging, then production, which needs the same version approved in staging
 * first and which the release's creator may not sign (separation of duties,
 * on by default for production; lib/signoffs/can-sign.ts). A maintainer
 * changes them in the project's settings.
 */
export const DEFAULT_PROJECT_ENVIRONMENTS = [
  { key: "staging", name: "Staging", requires: [] as string[], creatorMayNotSign: false },
  { key: "production", name: "Production", requires: ["staging"], creatorMayNotSign: true },
] as const;

/** An admin (permission project:create) or the CLI creates a project with its default environments, in one transaction with its audit event. */
export async function createProject(context: AuditContext, raw: CreateProjectInput): Promise<ProjectRef & { description: string }> {
  const input = createProjectSchema.parse(raw);
  try {
    return await db.$transaction(async (tx) => {
      const project = await tx.project.create({
        data: { key: input.key, name: input.name, description: input.description },
        select: { id: true, key: true, name: true, description: true },
      });
      const ids = new Map<string, string>();
      for (const [index, environment] of DEFAULT_PROJECT_ENVIRONMENTS.entries()) {
        const created = await tx.environment.create({
          data: { projectId: project.id, key: environment.key, name: environment.name, position: index + 1, creatorMayNotSign: environment.creatorMayNotSign },
          select: { id: true },
        });
        ids.set(environment.key, created.id);
        for (const required of environment.requires) {
          await tx.environmentGate.create({ data: { projectId: project.id, environmentId: created.id, requiresId: ids.get(required) as string } });
        }
      }
      await appendAuditEvent(tx, context, {
        type: "project.created",
        subject: { kind: "project", id: project.id, label: project.name },
        data: {
          after: {
            key: project.key,
            name: project.name,
            description: project.description,
            environments: DEFAULT_PROJECT_ENVIRONMENTS.map((environment) => ({ ...environment, requires: [...environment.requires] })),
          },
        },
      });
      return project;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const message = `A project with the key ${input.key} already exists.`;
      throw new AppError("CONFLICT", message, { key: [message] });
    }
    throw error;
  }
}
