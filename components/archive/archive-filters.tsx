import type { ReleaseStatus } from "@/lib/releases/release-status";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { CreatedRangeFilters, EnvironmentFilter, FilterActions, FilterForm, ProjectFilter, StatusFilter, VersionFilter } from "@/components/releases/filter-fields";

export const ARCHIVE_FILTER_KEYS = ["project", "version", "environment", "status", "from", "to", "signer", "role"] as const;

type Props = {
  values: Record<string, string>;
  projects: { key: string; name: string }[];
  environments: { key: string; name: string }[];
  statuses: readonly ReleaseStatus[];
  roles: { key: string; name: string }[];
};

/** The release list's filters plus the project and the signatures': role and signer name (components/releases/filter-fields.tsx). */
export function ArchiveFilters({ values, projects, environments, statuses, roles }: Props) {
  const field = { idPrefix: "archive", values };
  return (
    <FilterForm action="/archive" className="grid grid-cols-2 gap-x-3 gap-y-4 sm:gap-x-4 lg:grid-cols-5 lg:items-end">
      <ProjectFilter {...field} projects={projects} />
      <VersionFilter {...field} />
      <EnvironmentFilter {...field} environments={environments} />
      <StatusFilter {...field} statuses={statuses} />
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
      <CreatedRangeFilters {...field} />
      <FilterActions values={values} keys={ARCHIVE_FILTER_KEYS} clearHref="/archive" className="col-span-2" buttonClassName="flex-1" />
    </FilterForm>
  );
}
