import { addWebhook, listWebhooks } from "@/lib/webhooks/manage-webhooks";
import { addWebhookSchema } from "@/lib/webhooks/webhook.schema";
import { createdWebhookSchema, webhookListSchema, type CreatedWebhookBody, type WebhookListBody } from "../../../_lib/responses";
import { pathProject, projectKeyOf, v1Route } from "../../../_lib/v1-route";

export const dynamic = "force-dynamic";

/** The project's webhooks: its maintainers (project:manage) with their browser session; API tokens never manage a project (docs/decisions/026). */
export const GET = v1Route({ permission: "project:manage", response: webhookListSchema, project: pathProject, projectKey: projectKeyOf }, async (_input, { project }): Promise<WebhookListBody> => ({
  webhooks: await listWebhooks(project!.id),
}));

/** Adds a webhook; the answer holds its signing secret, shown this once. */
export const POST = v1Route(
  { permission: "project:manage", schema: addWebhookSchema, response: createdWebhookSchema, project: pathProject, projectKey: projectKeyOf },
  async (input, context): Promise<Response> => {
    const created: CreatedWebhookBody = await addWebhook(context, context.project!, input);
    return Response.json(created, { status: 201 });
  },
);
