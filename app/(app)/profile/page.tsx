import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/current-user";
import { APP_ROLE_LABELS, can } from "@/lib/auth/permissions";
import { listTokens } from "@/lib/tokens/tokens";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ApiTokensCard } from "@/components/profile/api-tokens-card";
import { ChangePasswordCard } from "@/components/profile/change-password-card";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { PASSWORD_CHANGED } from "@/lib/users/change-password";
import { listPasskeys } from "@/lib/passkeys/list-passkeys";
import { PasskeysCard } from "@/components/profile/passkeys-card";
import { CompanySignInCard } from "@/components/profile/company-sign-in-card";
import { hasPassword } from "@/lib/users/has-password";
import { oidcConfig } from "@/lib/sso/oidc-config";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const changed = (await searchParams).password === "changed";
  const user = await requirePermission("profile:read");
  const manageTokens = can(user, "token:manage");
  const tokens = manageTokens ? await listTokens(user.id) : [];
  const managePasskeys = can(user, "passkey:manage");
  const passkeys = managePasskeys ? await listPasskeys(user.id) : [];
  const withPassword = await hasPassword(user.id);
  const provider = oidcConfig()?.label ?? "your company's identity provider";
  return (
    <div className="space-y-8">
      <PageHeader title="Profile" description="Your account, your password, the passkeys you sign with and, if you automate releases, your API tokens." />
      <Card>
        <CardHeader>
          <CardTitle>Account</CardTitle>
          <CardDescription>Ask an admin to change your name, email or roles.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-4 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-muted-foreground">Name</dt>
            <dd className="font-medium">{user.name}</dd>
            <dt className="text-muted-foreground">Email</dt>
            <dd className="break-all">{user.email}</dd>
            <dt className="text-muted-foreground">Application role</dt>
            <dd>
              <Badge>{APP_ROLE_LABELS[user.appRole]}</Badge>
            </dd>
            <dt className="text-muted-foreground">Sign-off roles</dt>
            <dd>
              {user.signoffRoles.length ? (
                <ul className="flex flex-wrap gap-2" aria-label="Sign-off roles">
                  {user.signoffRoles.map((role) => (
                    <li key={role.key}>
                      <Badge variant="outline">{role.name}</Badge>
                    </li>
                  ))}
                </ul>
              ) : (
                "None"
              )}
            </dd>
          </dl>
        </CardContent>
      </Card>
      {changed ? (
        <Alert role="status">
          <AlertTitle>{PASSWORD_CHANGED}</AlertTitle>
          <AlertDescription>Use the new password from now on, here and when you sign.</AlertDescription>
        </Alert>
      ) : null}
      {withPassword ? <ChangePasswordCard /> : <CompanySignInCard provider={provider} />}
      {managePasskeys ? <PasskeysCard passkeys={passkeys} fallback={withPassword ? "your password" : `a fresh sign-in at ${provider}`} /> : null}
      {manageTokens ? <ApiTokensCard tokens={tokens} /> : null}
    </div>
  );
}
