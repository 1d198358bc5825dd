import { listTemplates } from "@/lib/templates/get-template";
import { templateListSchema, type TemplateListBody } from "../../../_lib/responses";
import { pathProject, projectKeyOf, v1Route } from "../../../_lib/v1-route";

export const dynamic = "force-dynamic";

/** The project's templates with their latest version, for finding the templateId a new release needs. */
export const GET = v1Route({ permission: "template:read", response: templateListSchema, project: pathProject, projectKey: projectKeyOf }, async (_input, { project }): Promise<TemplateListBody> => ({
  templates: (await listTemplates(project!.id)).map((template) => ({
    id: template.id,
    name: template.name,
    latestVersion: template.latestVersion,
    updatedAt: template.updatedAt,
  })),
}));
