import { Send } from "lucide-react";
import type { DeliveryListRow } from "@/lib/notifications/list-deliveries";
import { formatUtc } from "@/lib/format/utc";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RetryDeliveryButton } from "./retry-delivery-button";

const STATUS_VARIANT = { pending: "secondary", retrying: "warning", delivered: "success", dead: "destructive", cancelled: "outline" } as const;

export function DeliveriesTable({ rows }: { rows: DeliveryListRow[] }) {
  if (rows.length === 0) return <EmptyState icon={Send} title="No deliveries" description="Emails and webhook calls appear here once something is sent." />;
  return (
    <Table aria-label="Deliveries">
      <TableHeader>
        <TableRow>
          <TableHead>To</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="hidden md:table-cell">Last answer</TableHead>
          <TableHead className="hidden sm:table-cell">Created (UTC)</TableHead>
          <TableHead className="text-right">Actions</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => {
          const to = row.recipient ?? row.target ?? "—";
          return (
            <TableRow key={row.id}>
              <TableCell>
                <div className="break-all font-medium">{to}</div>
                <div className="text-xs text-muted-foreground">
                  {row.channel}
                  {row.category ? ` · ${row.category}` : ""}
                  {row.projectKey ? ` · ${row.projectKey}` : ""}
                </div>
                {row.subject ? <div className="max-w-md truncate text-xs text-muted-foreground">{row.subject}</div> : null}
              </TableCell>
              <TableCell>
                <Badge variant={STATUS_VARIANT[row.status]}>{row.status}</Badge>
                <div className="mt-1 text-xs text-muted-foreground">
                  {row.attempts} of {row.maxAttempts} tries
                  {row.status === "retrying" && row.nextAttemptAt ? `, next ${formatUtc(row.nextAttemptAt)}` : ""}
                </div>
              </TableCell>
              <TableCell className="hidden max-w-sm md:table-cell">
                <div className="text-xs">
                  {row.responseCode !== null ? `${row.responseCode}` : ""}
                  {row.durationMs !== null ? `${row.responseCode !== null ? " · " : ""}${row.durationMs} ms` : ""}
                </div>
                {row.lastError ? <div className="break-words text-xs text-destructive">{row.lastError}</div> : null}
              </TableCell>
              <TableCell className="hidden text-xs sm:table-cell">{formatUtc(row.createdAt)}</TableCell>
              <TableCell className="text-right">{row.status === "dead" || row.status === "cancelled" ? <RetryDeliveryButton deliveryId={row.id} label={`Retry the delivery to ${to}`} /> : null}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
