import { handleGithubWebhook } from "@/lib/github/github-webhook";
import { observed, withRequestIdHeader } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

/** GitHub's webhook for Countersign's GitHub App: custom deployment protection rules (docs/ci.md, lib/github/github-webhook.ts). */
export async function POST(request: Request): Promise<Response> {
  return observed(
    { route: "/api/github/deployment-protection", method: "POST", headers: request.headers },
    async (context) => withRequestIdHeader(await handleGithubWebhook(request), context),
    (response) => response.status,
  );
}
