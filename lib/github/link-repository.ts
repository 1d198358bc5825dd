import "server-only";
import type { z } from "zod";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { lockProjectByKey, projectSubject } from "../projects/project-lookups";
import { linkRepositorySchema, repositoryNameSchema } from "./github.schema";

/**
 * Which project a GitHub repository's deployments are reviewed against
 * (GitHub's custom deployment protection rule, docs/ci.md): one project per
 * repository. Linking, moving and unlinking are audited on the project.
 */
export async function linkGithubRepository(context: AuditContext, raw: z.input<typeof linkRepositorySchema>): Promise<{ repository: string; project: string }> {
  const input = linkRepositorySchema.parse(raw);
  return db.$transaction(async (tx) => {
    const project = await lockProjectByKey(tx, input.project);
    const current = await tx.githubRepository.findUnique({ where: { fullName: input.repository }, select: { projectId: true } });
    if (current?.projectId === project.id) return { repository: input.repository, project: project.key };
    if (current) {
      const other = await tx.project.findUniqueOrThrow({ where: { id: current.projectId }, select: { key: true } });
      const message = `${input.repository} is linked to ${other.key}; unlink it there first.`;
      throw new AppError("CONFLICT", message, { repository: [message] });
    }
    await tx.githubRepository.create({ data: { fullName: input.repository, projectId: project.id } });
    await appendAuditEvent(tx, context, { type: "project.github_repository_linked", subject: projectSubject(project), data: { repository: input.repository } });
    return { repository: input.repository, project: project.key };
  });
}

export async function unlinkGithubRepository(context: AuditContext, raw: { repository: string }): Promise<{ repository: string; project: string }> {
  const repository = repositoryNameSchema.parse(raw.repository);
  return db.$transaction(async (tx) => {
    const row = await tx.githubRepository.findUnique({ where: { fullName: repository }, select: { projectId: true } });
    if (!row) throw new AppError("NOT_FOUND", `${repository} is not linked to a project.`, { repository: [`${repository} is not linked to a project.`] });
    const project = await tx.project.findUniqueOrThrow({ where: { id: row.projectId }, select: { id: true, key: true, name: true } });
    await tx.githubRepository.delete({ where: { fullName: repository } });
    await appendAuditEvent(tx, context, { type: "project.github_repository_unlinked", subject: projectSubject(project), data: { repository } });
    return { repository, project: project.key };
  });
}

/** Linked repositories, by name, with their project's key (all projects, or one). */
export async function listGithubRepositories(projectId?: string): Promise<{ repository: string; project: string; createdAt: Date }[]> {
  const rows = await db.githubRepository.findMany({ where: projectId ? { projectId } : {}, orderBy: { fullName: "asc" } });
  const projects = new Map((await db.project.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.projectId))] } }, select: { id: true, key: true } })).map((project) => [project.id, project.key]));
  return rows.map((row) => ({ repository: row.fullName, project: projects.get(row.projectId) ?? "?", createdAt: row.createdAt }));
}
