import Link from "next/link";
import type { ReleaseStatus } from "@/lib/db/client";
import { STATUS_LABELS } from "@/lib/releases/release-status";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";

type Props = {
  values: Record<string, string>;
  environments: { key: string; name: string }[];
  statuses: readonly ReleaseStatus[];
};

/** A plain GET form: filters live in the URL, can be shared, and work without JavaScript. */
export function ReleaseFilters({ values, environments, statuses }: Props) {
  const filtered = ["environment", "status", "version", "from", "to"].some((key) => values[key]);
  return (
    <form
      method="get"
      action="/releases"
      role="search"
      aria-label="Filter releases"
      className="grid gap-4 rounded-lg border border-border bg-card p-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto] lg:items-end"
    >
      <FormField id="filter-environment" label="Environment">
        <NativeSelect name="environment" defaultValue={values.environment ?? ""}>
          <option value="">All environments</option>
          {environments.map((environment) => (
            <option key={environment.key} value={environment.key}>
              {environment.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id="filter-status" label="Status">
        <NativeSelect name="status" defaultValue={values.status ?? ""}>
          <option value="">Any status</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id="filter-version" label="Version starts with">
        <Input name="version" defaultValue={values.version ?? ""} maxLength={64} placeholder="2.4" autoComplete="off" />
      </FormField>
      <FormField id="filter-from" label="Created from (UTC)">
        <Input name="from" type="date" defaultValue={values.from ?? ""} />
      </FormField>
      <FormField id="filter-to" label="Created to (UTC)">
        <Input name="to" type="date" defaultValue={values.to ?? ""} />
      </FormField>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-1">
        <Button type="submit" variant="secondary" className="flex-1 lg:flex-none">
          Filter
        </Button>
        {filtered ? (
          <Button asChild variant="ghost" className="flex-1 lg:flex-none">
            <Link href="/releases">Clear</Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}
