"use client";

import { useState } from "react";
import { NativeSelect } from "@/components/ui/select";
import { FormField } from "@/components/ui/form-field";
import { DEFAULT_PROJECT_KEY } from "@/lib/projects/default-project";
import { RoleCheckboxes } from "./role-checkboxes";

type Props = {
  idPrefix: string;
  projects: { key: string; name: string }[];
  roles: { key: string; name: string }[];
  /** The roles the user holds now, by project key. */
  held?: Record<string, string[]>;
  defaultProject?: string;
  errors?: { project?: string; signoffRoles?: string };
};

/**
 * Sign-off roles are held per project: the project select, and the role
 * checkboxes showing what the user holds in the chosen project (switching
 * the project shows that project's roles; saving changes that project only).
 */
export function ProjectRoleFields({ idPrefix, projects, roles, held = {}, defaultProject, errors }: Props) {
  // As the CLI does without --project: the default project, when there is one.
  const [project, setProject] = useState(defaultProject ?? projects.find((entry) => entry.key === DEFAULT_PROJECT_KEY)?.key ?? projects[0]?.key ?? "");
  return (
    <>
      <FormField id={`${idPrefix}-project`} label="Project" error={errors?.project} description="Sign-off roles are held in a project; the user joins it if needed.">
        <NativeSelect name="project" value={project} onChange={(event) => setProject(event.target.value)}>
          {projects.map((entry) => (
            <option key={entry.key} value={entry.key}>
              {entry.name} ({entry.key})
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <RoleCheckboxes key={project} idPrefix={`${idPrefix}-${project}`} roles={roles} selected={held[project] ?? []} error={errors?.signoffRoles} />
    </>
  );
}
