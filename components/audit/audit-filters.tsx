import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";

const CATEGORIES = [
  { value: "", label: "Everything" },
  { value: "auth", label: "Sign-ins" },
  { value: "user", label: "Users and roles" },
  { value: "signoff_role", label: "Sign-off roles" },
  { value: "template", label: "Templates" },
];

/** A plain GET form, so filters live in the URL and can be shared. */
export function AuditFilters({ values }: { values: Record<string, string> }) {
  return (
    <form method="get" action="/audit" className="grid gap-4 rounded-lg border border-border bg-card p-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end" role="search" aria-label="Filter events">
      <FormField id="filter-category" label="Kind">
        <NativeSelect name="category" defaultValue={values.category ?? ""}>
          {CATEGORIES.map((category) => (
            <option key={category.value} value={category.value}>
              {category.label}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id="filter-actor" label="Actor name or email">
        <Input name="actor" defaultValue={values.actor ?? ""} maxLength={254} />
      </FormField>
      <FormField id="filter-from" label="From (UTC)">
        <Input name="from" type="date" defaultValue={values.from ?? ""} />
      </FormField>
      <FormField id="filter-to" label="To (UTC)">
        <Input name="to" type="date" defaultValue={values.to ?? ""} />
      </FormField>
      <Button type="submit" variant="secondary">
        Filter
      </Button>
    </form>
  );
}
