import { KeyRound } from "lucide-react";
import type { TokenRow } from "@/lib/tokens/tokens";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CreateTokenDialog } from "./create-token-dialog";
import { RevokeTokenDialog } from "./revoke-token-dialog";
import { formatUtc as formatUtcMinutes } from "@/lib/format/utc";

/** "2026-11-27 14:03 UTC". */

/** The caller's personal API tokens: listed by name and prefix; the token itself is shown once, at creation. */
export function ApiTokensCard({ tokens }: { tokens: TokenRow[] }) {
  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-1.5">
          <CardTitle>API tokens</CardTitle>
          <CardDescription>
            For scripts and CI pipelines calling <code className="font-mono text-xs">/api/v1</code> (reference:{" "}
            <a className="text-primary underline-offset-4 hover:underline" href="/api/v1/openapi.json">
              openapi.json
            </a>
            ). A token acts as you, with your permissions; it cannot sign off.
          </CardDescription>
        </div>
        <CreateTokenDialog />
      </CardHeader>
      <CardContent>
        {tokens.length === 0 ? (
          <EmptyState icon={KeyRound} titleAs="h3" title="No API tokens" description="Create one for each pipeline or script, so you can revoke them one by one." />
        ) : (
          <Table aria-label="API tokens">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Token</TableHead>
                <TableHead className="hidden md:table-cell">Created</TableHead>
                <TableHead className="hidden md:table-cell">Last used</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Actions</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tokens.map((token) => (
                <TableRow key={token.id}>
                  <TableCell className="font-medium break-all">{token.name}</TableCell>
                  <TableCell>
                    <code className="font-mono text-xs">{token.prefix}…</code>
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">{formatUtcMinutes(token.createdAt)}</TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">
                    {token.lastUsedAt ? formatUtcMinutes(token.lastUsedAt) : <span className="text-muted-foreground">Never</span>}
                  </TableCell>
                  <TableCell>
                    {token.revokedAt ? (
                      <Badge variant="secondary" title={`Revoked ${formatUtcMinutes(token.revokedAt)}`}>
                        Revoked {formatUtcMinutes(token.revokedAt).slice(0, 10)}
                      </Badge>
                    ) : (
                      <Badge variant="success">Active</Badge>
                    )}
                  </TableCell>
                  <TableCell className="text-right">
                    <RevokeTokenDialog token={{ id: token.id, name: token.name, revoked: token.revokedAt !== null }} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
