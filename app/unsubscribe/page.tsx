import type { Metadata } from "next";
import Link from "next/link";
import { readUnsubscribeLink } from "@/lib/notifications/unsubscribe";
import { CATEGORY_LABELS, isNotificationCategory } from "@/lib/notifications/categories";
import { toAppError } from "@/lib/errors/app-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Unsubscribe" };

type Params = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The page an email's "Stop these emails" link opens: it asks first (link previews must not unsubscribe anyone), then confirms. */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const done = first(params.done);
  let body;
  if (done !== undefined) {
    body = (
      <CardHeader>
        <CardTitle>Unsubscribed</CardTitle>
        <CardDescription>
          You will get no more email about “{isNotificationCategory(done) ? CATEGORY_LABELS[done].title : "this category"}”. It still reaches your inbox in the app; change either in <Link className="text-primary underline" href="/inbox/preferences">your notification settings</Link>.
        </CardDescription>
      </CardHeader>
    );
  } else {
    const fields = { u: first(params.u), c: first(params.c), s: first(params.s) };
    let link: { label: string } | null = null;
    let problem = "";
    try {
      link = readUnsubscribeLink(fields);
    } catch (error) {
      problem = toAppError(error).message;
    }
    body = link ? (
      <>
        <CardHeader>
          <CardTitle>Stop emails about “{link.label}”?</CardTitle>
          <CardDescription>Countersign will stop emailing you about this. You keep seeing it in the app.</CardDescription>
        </CardHeader>
        <CardContent>
          <form method="post" action={`/api/unsubscribe?${new URLSearchParams({ u: fields.u!, c: fields.c!, s: fields.s! }).toString()}`}>
            <Button type="submit">Unsubscribe</Button>
          </form>
        </CardContent>
      </>
    ) : (
      <CardHeader>
        <CardTitle>This link does not work</CardTitle>
        <CardDescription>{problem} Sign in and use <Link className="text-primary underline" href="/inbox/preferences">your notification settings</Link> instead.</CardDescription>
      </CardHeader>
    );
  }
  return (
    <main className="mx-auto flex min-h-dvh max-w-lg items-center px-4 py-12">
      <Card className="w-full">{body}</Card>
    </main>
  );
}
