import type { Metadata } from "next";
import { requireProject } from "@/lib/auth/current-user";
import { listWebhooks } from "@/lib/webhooks/manage-webhooks";
import { listWebhookDeliveries } from "@/lib/webhooks/webhook-deliveries";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ProjectWebhooks } from "@/components/projects/settings/webhooks-card";

export const metadata: Metadata = { title: "Webhooks" };

/** The project's webhooks and each one's newest deliveries (issue 12, docs/ci.md "Webhooks"). */
export default async function ProjectWebhooksPage({ params }: { params: Promise<{ key: string }> }) {
  const { project } = await requireProject((await params).key, "project:manage");
  const webhooks = await listWebhooks(project.id);
  const deliveries = await Promise.all(webhooks.map((webhook) => listWebhookDeliveries(project.id, webhook.id)));
  return (
    <Card>
      <CardHeader className="p-4 sm:p-6">
        <CardTitle>Webhooks</CardTitle>
        <CardDescription>
          {project.name}&apos;s events, POSTed to your URL: signed per Standard Webhooks (verify them with the signing secret), or as Slack&apos;s{" "}
          <code className="font-mono text-xs">{"{\"text\": …}"}</code> for Slack and Mattermost incoming webhooks. Failed deliveries are retried, then marked dead.
        </CardDescription>
      </CardHeader>
      <CardContent className="px-2 pb-4 sm:px-6 sm:pb-6">
        <ProjectWebhooks
          project={{ key: project.key, name: project.name }}
          webhooks={webhooks.map((webhook, index) => ({
            ...webhook,
            deliveries: (deliveries[index] ?? []).map((delivery) => ({ ...delivery, createdAt: delivery.createdAt.toISOString() })),
          }))}
        />
      </CardContent>
    </Card>
  );
}
