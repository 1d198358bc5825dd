import "server-only";
import { db, Prisma } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent, releaseChain } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { templateDocumentSchema } from "../templates/document";
import { gateMessage, unmetGates } from "./check-gates";
import { createReleaseSchema, type CreateReleaseInput } from "./release.schema";
import { applicableItems } from "./release-items";

export type CreatedRelease = { id: string; version: string; environment: string; items: number };

/**
 * Creates a release of a template version for an environment: one item state
 * per item that applies to the environment, the template version pinned, the
 * contact roles ready to fill. Refused when the environment's gates are not
 * met (e.g. production before the same version is approved in staging).
 *
 * The release belongs to the template's project, and so does its
 * environment (release identity: project + version + environment). With
 * `projectId` (a request made in a project, e.g. /api/v1/projects/{key}/…),
 * a template of another project is unknown here, as if it did not exist.
 */
export async function createRelease(context: AuditContext, raw: CreateReleaseInput, projectId?: string): Promise<CreatedRelease> {
  const input = createReleaseSchema.parse(raw);
  try {
    return await db.$transaction(async (tx) => {
      const templateVersion = await tx.templateVersion.findFirst({
        where: { templateId: input.templateId, ...(projectId ? { template: { projectId } } : {}), ...(input.templateVersion ? { version: input.templateVersion } : {}) },
        orderBy: { version: "desc" },
        select: { id: true, version: true, document: true, template: { select: { name: true, projectId: true } } },
      });
      if (!templateVersion) {
        throw new AppError("BAD_REQUEST", "Unknown template or template version.", { templateId: ["Unknown template or template version."] });
      }
      const project = templateVersion.template.projectId;
      const environment = await tx.environment.findUnique({ where: { projectId_key: { projectId: project, key: input.environment } }, select: { id: true, key: true, name: true } });
      if (!environment) throw new AppError("BAD_REQUEST", `Unknown environment "${input.environment}".`, { environment: ["Unknown environment."] });
      const missing = await unmetGates(tx, environment.id, input.version);
      if (missing.length) {
        const message = gateMessage(input.version, environment.name, missing);
        // details.waitingFor: the release(s) the gate waits for, so a caller can link to them.
        throw new AppError("CONFLICT", message, { environment: [message] }, { waitingFor: missing });
      }
      const document = templateDocumentSchema.parse(templateVersion.document);
      const items = applicableItems(document, environment.key);
      const contacts = document.blocks.flatMap((block) =>
        block.kind === "contacts" ? block.roles.map((role) => ({ role, name: "", phone: "", email: "" })) : [],
      );
      const release = await tx.release.create({
        data: {
          projectId: project,
          version: input.version,
          environmentId: environment.id,
          templateVersionId: templateVersion.id,
          contacts,
          createdById: context.actor.id ?? null,
          itemsTotal: items.length,
          requiredOpen: items.filter((item) => item.required).length,
        },
        select: { id: true },
      });
      await tx.itemState.createMany({
        data: items.map((item, position) => ({ releaseId: release.id, itemKey: item.key, required: item.required, position })),
      });
      await appendAuditEvent(tx, context, {
        type: "release.created",
        chain: releaseChain(release.id),
        subject: { kind: "release", id: release.id, label: `${environment.name} ${input.version}` },
        data: {
          after: {
            version: input.version,
            environment: environment.key,
            templateName: templateVersion.template.name,
            templateVersion: templateVersion.version,
            items: items.length,
          },
        },
      });
      return { id: release.id, version: input.version, environment: environment.key, items: items.length };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const message = `A ${input.environment} release of ${input.version} already exists.`;
      throw new AppError("CONFLICT", message, { version: [message] });
    }
    throw error;
  }
}
