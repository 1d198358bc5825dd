import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { oidcConfig, passwordSignInEnabled } from "@/lib/sso/oidc-config";
import { signInErrorMessage } from "@/lib/sso/sign-in-errors";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { SignInForm } from "./sign-in-form";
import { PasskeySignIn, SsoSignIn } from "./other-sign-in";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getCurrentUser()) redirect("/");
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : "/";
  const oidc = oidcConfig();
  const passwords = passwordSignInEnabled();
  // Auth.js sends failed company sign-ins here with ?error=<type> (pages.error).
  const error = typeof params.error === "string" ? signInErrorMessage(params.error, oidc?.label ?? "SSO") : null;
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
            <CardDescription>
              {oidc ? `Use your ${oidc.label} account${passwords ? ", a passkey, or the email and password your admin gave you" : " or a passkey"}.` : "Use the email and password your admin gave you, or a passkey."}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {error ? (
              <Alert variant="destructive">
                <AlertDescription>{error}</AlertDescription>
              </Alert>
            ) : null}
            {oidc ? <SsoSignIn label={oidc.label} callbackUrl={callbackUrl} /> : null}
            <PasskeySignIn callbackUrl={callbackUrl} />
            {passwords ? (
              <>
                <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden="true">
                  <span className="h-px flex-1 bg-border" />
                  or with your password
                  <span className="h-px flex-1 bg-border" />
                </div>
                <SignInForm callbackUrl={callbackUrl} />
              </>
            ) : null}
          </CardContent>
        </Card>
        <p className="text-center text-sm text-muted-foreground">{oidc ? "Your first company sign-in makes your account." : "No account? Ask an admin to create one."}</p>
      </div>
    </main>
  );
}
