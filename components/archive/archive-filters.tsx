import Link from "next/link";
import type { ReleaseStatus } from "@/lib/db/client";
import { STATUS_LABELS } from "@/lib/releases/release-status";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";

export const ARCHIVE_FILTER_KEYS = ["version", "environment", "status", "from", "to", "signer", "role"] as const;

type Props = {
  values: Record<string, string>;
  environments: { key: string; name: string }[];
  statuses: readonly ReleaseStatus[];
  roles: { key: string; name: string }[];
};

/** A plain GET form: the filters live in the URL, can be shared, and work without JavaScript. */
export function ArchiveFilters({ values, environments, statuses, roles }: Props) {
  const filtered = ARCHIVE_FILTER_KEYS.some((key) => values[key]);
  return (
    <form
      method="get"
      action="/archive"
      role="search"
      aria-label="Filter releases"
      className="grid grid-cols-2 gap-x-3 gap-y-4 rounded-lg border border-border bg-card p-4 sm:gap-x-4 lg:grid-cols-4 lg:items-end"
    >
      <FormField id="archive-version" label="Version starts with" className="col-span-2 lg:col-span-1">
        <Input name="version" defaultValue={values.version ?? ""} maxLength={64} placeholder="2.4" autoComplete="off" />
      </FormField>
      <FormField id="archive-environment" label="Environment">
        <NativeSelect name="environment" defaultValue={values.environment ?? ""}>
          <option value="">All environments</option>
          {environments.map((environment) => (
            <option key={environment.key} value={environment.key}>
              {environment.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id="archive-status" label="Status">
        <NativeSelect name="status" defaultValue={values.status ?? ""}>
          <option value="">Any status</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id="archive-role" label="Signed as role">
        <NativeSelect name="role" defaultValue={values.role ?? ""}>
          <option value="">Any role</option>
          {roles.map((role) => (
            <option key={role.key} value={role.name}>
              {role.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id="archive-signer" label="Signer name">
        <Input name="signer" defaultValue={values.signer ?? ""} maxLength={120} placeholder="contains…" autoComplete="off" />
      </FormField>
      <FormField id="archive-from" label="Created from (UTC)">
        <Input name="from" type="date" defaultValue={values.from ?? ""} />
      </FormField>
      <FormField id="archive-to" label="Created to (UTC)">
        <Input name="to" type="date" defaultValue={values.to ?? ""} />
      </FormField>
      <div className="col-span-2 flex gap-2 lg:col-span-1">
        <Button type="submit" variant="secondary" className="flex-1">
          Filter
        </Button>
        {filtered ? (
          <Button asChild variant="ghost" className="flex-1">
            <Link href="/archive">Clear</Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}
