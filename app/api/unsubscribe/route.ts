import { jsonError } from "@/lib/auth/api-route";
import { unsubscribe } from "@/lib/notifications/unsubscribe";

/**
 * One-click unsubscribe (RFC 8058: the mail client POSTs here, the link in
 * List-Unsubscribe) and the unsubscribe page's button (a form POST, answered
 * with a redirect to the page's confirmation). No sign-in: the link's
 * signature is the authority, and it turns off one category's email for one person.
 */
export async function POST(request: Request): Promise<Response> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  try {
    const result = await unsubscribe(query);
    if ((request.headers.get("accept") ?? "").includes("text/html")) {
      return new Response(null, { status: 303, headers: { Location: `/unsubscribe?done=${result.category}`, "Cache-Control": "no-store" } });
    }
    return Response.json({ unsubscribed: result.category }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    const response = jsonError(error);
    response.headers.set("Cache-Control", "no-store");
    return response;
  }
}
