import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/current-user";
import { listDeliveries } from "@/lib/notifications/list-deliveries";
import { deliveryFilterSchema } from "@/lib/notifications/delivery.schema";
import { DELIVERY_STATUSES } from "@/lib/notifications/deliveries";
import { PageHeader } from "@/components/ui/page-header";
import { DeliveriesTable } from "@/components/admin/deliveries-table";
import { cn } from "@/components/ui/cn";

export const metadata: Metadata = { title: "Deliveries" };

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("delivery:manage");
  const filter = deliveryFilterSchema.parse(await searchParams);
  const { rows, counts } = await listDeliveries(filter);
  const filters = [{ label: "All", href: "/admin/deliveries", active: !filter.status }, ...DELIVERY_STATUSES.map((status) => ({ label: `${status[0]!.toUpperCase()}${status.slice(1)} (${counts[status]})`, href: `/admin/deliveries?status=${status}`, active: filter.status === status }))];
  return (
    <div className="space-y-6">
      <PageHeader title="Deliveries" description="Every email and webhook Countersign sends, newest first: tries, the last error and the answer. A dead delivery ran out of tries; retry it once the cause is fixed." />
      <nav aria-label="Filter by status" className="flex flex-wrap gap-2 text-sm">
        {filters.map((entry) => (
          <Link key={entry.href} href={entry.href} aria-current={entry.active ? "page" : undefined} className={cn("rounded-md border px-2.5 py-1", entry.active ? "border-primary bg-primary text-primary-foreground" : "border-border hover:bg-muted")}>
            {entry.label}
          </Link>
        ))}
      </nav>
      <DeliveriesTable rows={rows} />
    </div>
  );
}
