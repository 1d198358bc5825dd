import type { ReleaseStatus } from "@/lib/releases/release-status";
import { CreatedRangeFilters, EnvironmentFilter, FilterActions, FilterForm, StatusFilter, VersionFilter } from "./filter-fields";

const FILTER_KEYS = ["environment", "status", "version", "from", "to"] as const;

type Props = {
  /** Where the form submits: the project's release list. */
  action: string;
  values: Record<string, string>;
  environments: { key: string; name: string }[];
  statuses: readonly ReleaseStatus[];
};

/** The release list's filters (components/releases/filter-fields.tsx). */
export function ReleaseFilters({ action, values, environments, statuses }: Props) {
  const field = { idPrefix: "filter", values };
  return (
    <FilterForm action={action} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto] lg:items-end">
      <EnvironmentFilter {...field} environments={environments} />
      <StatusFilter {...field} statuses={statuses} />
      <VersionFilter {...field} />
      <CreatedRangeFilters {...field} />
      <FilterActions values={values} keys={FILTER_KEYS} clearHref={action} className="sm:col-span-2 lg:col-span-1" buttonClassName="flex-1 lg:flex-none" />
    </FilterForm>
  );
}
