import Link from "next/link";
import type { ReactNode } from "react";
import type { ReleaseStatus } from "@/lib/releases/release-status";
import { STATUS_LABELS } from "@/lib/releases/release-status";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";

/**
 * The fields the release list and the auditor's archive filter by, and the
 * form around them: a plain GET form, so the filters live in the URL, can be
 * shared, and work without JavaScript. Each list composes the fields it offers.
 */

type FieldProps = { idPrefix: string; values: Record<string, string>; className?: string };

export function FilterForm({ action, className, children }: { action: string; className: string; children: ReactNode }) {
  return (
    <form method="get" action={action} role="search" aria-label="Filter releases" className={cn("rounded-lg border border-border bg-card p-4", className)}>
      {children}
    </form>
  );
}

export function VersionFilter({ idPrefix, values, className }: FieldProps) {
  return (
    <FormField id={`${idPrefix}-version`} label="Version starts with" className={className}>
      <Input name="version" defaultValue={values.version ?? ""} maxLength={64} placeholder="2.4" autoComplete="off" />
    </FormField>
  );
}

export function EnvironmentFilter({ idPrefix, values, environments }: FieldProps & { environments: { key: string; name: string }[] }) {
  return (
    <FormField id={`${idPrefix}-environment`} label="Environment">
      <NativeSelect name="environment" defaultValue={values.environment ?? ""}>
        <option value="">All environments</option>
        {environments.map((environment) => (
          <option key={environment.key} value={environment.key}>
            {environment.name}
          </option>
        ))}
      </NativeSelect>
    </FormField>
  );
}

/** The project (by key) a list is narrowed to: every project the reader may read is offered. */
export function ProjectFilter({ idPrefix, values, projects, className }: FieldProps & { projects: { key: string; name: string }[] }) {
  return (
    <FormField id={`${idPrefix}-project`} label="Project" className={className}>
      <NativeSelect name="project" defaultValue={values.project ?? ""}>
        <option value="">All projects</option>
        {projects.map((project) => (
          <option key={project.key} value={project.key}>
            {project.name}
          </option>
        ))}
      </NativeSelect>
    </FormField>
  );
}

export function StatusFilter({ idPrefix, values, statuses }: FieldProps & { statuses: readonly ReleaseStatus[] }) {
  return (
    <FormField id={`${idPrefix}-status`} label="Status">
      <NativeSelect name="status" defaultValue={values.status ?? ""}>
        <option value="">Any status</option>
        {statuses.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABELS[status]}
          </option>
        ))}
      </NativeSelect>
    </FormField>
  );
}

/** "Created from" and "Created to", UTC dates. */
export function CreatedRangeFilters({ idPrefix, values }: FieldProps) {
  return (
    <>
      <FormField id={`${idPrefix}-from`} label="Created from (UTC)">
        <Input name="from" type="date" defaultValue={values.from ?? ""} />
      </FormField>
      <FormField id={`${idPrefix}-to`} label="Created to (UTC)">
        <Input name="to" type="date" defaultValue={values.to ?? ""} />
      </FormField>
    </>
  );
}

/** Filter, and Clear (back to `clearHref`) once any of `keys` is set. */
export function FilterActions({ values, keys, clearHref, className, buttonClassName }: {
  values: Record<string, string>;
  keys: readonly string[];
  clearHref: string;
  className: string;
  buttonClassName: string;
}) {
  return (
    <div className={cn("flex gap-2", className)}>
      <Button type="submit" variant="secondary" className={buttonClassName}>
        Filter
      </Button>
      {keys.some((key) => values[key]) ? (
        <Button asChild variant="ghost" className={buttonClassName}>
          <Link href={clearHref}>Clear</Link>
        </Button>
      ) : null}
    </div>
  );
}
