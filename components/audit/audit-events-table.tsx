import type { EventRow } from "@/lib/audit/list-events";
import { formatUtcMillis as formatUtc } from "@/lib/format/utc";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export function AuditEventsTable({ events }: { events: EventRow[] }) {
  return (
    <Table aria-label="Audit events">
      <TableHeader>
        <TableRow>
          <TableHead>When</TableHead>
          <TableHead>What happened</TableHead>
          <TableHead>Origin</TableHead>
          <TableHead>Chain</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((event) => (
          <TableRow key={event.id}>
            <TableCell className="whitespace-nowrap font-mono text-xs">{formatUtc(event.occurredAt)}</TableCell>
            <TableCell>
              <div>{event.sentence}</div>
              <Badge variant="outline" className="mt-1 font-mono text-[11px]">
                {event.type}
              </Badge>
            </TableCell>
            <TableCell className="text-xs text-muted-foreground">
              <div>{event.origin.address}</div>
              <div className="max-w-48 truncate" title={event.origin.userAgent}>
                {event.origin.userAgent}
              </div>
            </TableCell>
            <TableCell className="whitespace-nowrap font-mono text-xs" title={event.hash}>
              {event.chain} #{event.seq}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
