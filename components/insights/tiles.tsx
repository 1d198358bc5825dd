import Link from "next/link";
import type { SystemStatus } from "@/lib/insights/system-status";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { formatDuration } from "@/components/ui/chart-scale";

function Tile({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader className="pb-2">
        <CardTitle asChild className="text-sm font-medium text-muted-foreground">
          <h2>{title}</h2>
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-1">{children}</CardContent>
    </Card>
  );
}

/** The current-state tiles: database, last audit verification, audit events, uptime. */
export function StatusTiles({ status, now }: { status: SystemStatus; now: Date }) {
  const verification = status.lastVerification;
  const age = verification ? Math.max(0, (now.getTime() - new Date(verification.at).getTime()) / 1000) : null;
  return (
    <section aria-label="Current state" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Tile title="Database">
        {status.database === "reachable" ? <Badge variant="success">Reachable</Badge> : <Badge variant="destructive">Unreachable</Badge>}
      </Tile>
      <Tile title="Last audit verification">
        {verification ? (
          <>
            {verification.ok ? <Badge variant="success">Intact</Badge> : <Badge variant="destructive">Failed</Badge>}
            <p className="text-sm text-muted-foreground">{formatDuration(age)} ago</p>
          </>
        ) : (
          <p className="text-sm text-muted-foreground">
            Not run since this instance started.{" "}
            <Link href="/audit" className="underline">
              Verify now
            </Link>
          </p>
        )}
      </Tile>
      <Tile title="Audit events">
        <p className="text-2xl font-semibold">
          {status.auditEvents === null ? "unknown" : `${status.auditEvents.estimated ? "about " : ""}${status.auditEvents.count.toLocaleString("en-US")}`}
        </p>
      </Tile>
      <Tile title="Uptime">
        <p className="text-2xl font-semibold">{formatDuration(status.uptimeSeconds)}</p>
        <p className="text-sm text-muted-foreground">of this app instance</p>
      </Tile>
    </section>
  );
}
