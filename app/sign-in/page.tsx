import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getCurrentUser()) redirect("/");
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : "/";
  return (
    <main className="grid min-h-dvh place-items-center px-4 py-12">
      <div className="w-full max-w-sm space-y-6">
        <div className="flex items-center justify-center gap-2 text-xl font-semibold">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          Countersign
        </div>
        <Card>
          <CardHeader>
            <CardTitle asChild>
              <h1>Sign in</h1>
            </CardTitle>
            <CardDescription>Use the email and password your admin gave you.</CardDescription>
          </CardHeader>
          <CardContent>
            <SignInForm callbackUrl={callbackUrl} />
          </CardContent>
        </Card>
        <p className="text-center text-sm text-muted-foreground">No account? Ask an admin to create one.</p>
      </div>
    </main>
  );
}
