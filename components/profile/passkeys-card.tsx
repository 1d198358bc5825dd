import { FingerprintPattern } from "lucide-react";
import type { PasskeyView } from "@/lib/passkeys/list-passkeys";
import { formatFingerprint } from "@/lib/passkeys/format-fingerprint";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AddPasskeyDialog } from "./add-passkey-dialog";
import { RemovePasskeyDialog } from "./remove-passkey-dialog";
import { formatUtc as formatUtcMinutes } from "@/lib/format/utc";

/** "2026-11-27 14:03 UTC". */

/**
 * The caller's passkeys (docs/decisions/024): a key only their device holds,
 * with which they sign releases; Countersign keeps the public half, shown
 * here by its fingerprint, which the certificate prints beside each signature.
 */
/** `fallback`: how this user confirms a signature without a passkey ("your password", or a fresh sign-in at the company's provider). */
export function PasskeysCard({ passkeys, fallback = "your password" }: { passkeys: PasskeyView[]; fallback?: string }) {
  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-1.5">
          <CardTitle>Passkeys</CardTitle>
          <CardDescription className="max-w-prose">
            Sign releases with a key only your device holds (fingerprint, face or PIN). Countersign keeps just its public half, so anyone can check your
            signatures later, and nobody at the server can make one for you.
          </CardDescription>
        </div>
        <AddPasskeyDialog />
      </CardHeader>
      <CardContent>
        {passkeys.length === 0 ? (
          <EmptyState
            icon={FingerprintPattern}
            titleAs="h3"
            title="No passkeys"
            description={`Add one on each device you sign from. Until then you confirm signatures with ${fallback}.`}
          />
        ) : (
          <Table aria-label="Passkeys">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key fingerprint (SHA-256)</TableHead>
                <TableHead className="hidden md:table-cell">Added</TableHead>
                <TableHead className="hidden md:table-cell">Last used</TableHead>
                <TableHead className="text-right">Actions</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {passkeys.map((passkey) => (
                <TableRow key={passkey.id}>
                  <TableCell className="font-medium break-all">{passkey.name}</TableCell>
                  <TableCell>
                    <code className="font-mono text-xs" title={passkey.fingerprint}>
                      {formatFingerprint(passkey.fingerprint, true)}
                    </code>
                    <span className="ml-2 text-xs text-muted-foreground">{passkey.algorithm}</span>
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">{formatUtcMinutes(passkey.createdAt)}</TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">
                    {passkey.lastUsedAt ? formatUtcMinutes(passkey.lastUsedAt) : <span className="text-muted-foreground">Never</span>}
                  </TableCell>
                  <TableCell className="text-right">
                    <RemovePasskeyDialog passkey={{ id: passkey.id, name: passkey.name }} />
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
