import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/**
 * The profile's "Password" card for an account made by company sign-in: it
 * has no Countersign password, so there is nothing to change here; it says
 * how this user signs in and confirms signatures instead.
 */
export function CompanySignInCard({ provider }: { provider: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Password</CardTitle>
        <CardDescription>You sign in with {provider}. Countersign keeps no password for you; your company manages your sign-in.</CardDescription>
      </CardHeader>
      <CardContent className="text-sm text-muted-foreground">
        To confirm a signature, use a passkey registered below, or sign in at {provider} again when the sign-off dialog asks.
      </CardContent>
    </Card>
  );
}
