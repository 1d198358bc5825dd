"use client";

import { useActionState, useCallback, useRef } from "react";
import { addGroupMappingAction, removeGroupMappingAction } from "@/app/(app)/admin/users/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useActionToast } from "@/components/app/use-action-toast";

export type MappingRow = { id: string; group: string; project: { key: string; name: string } | null; projectRole: string | null; signoffRole: string | null; orgRole: string | null };

type Props = {
  mappings: MappingRow[];
  projects: { key: string; name: string }[];
  roles: { key: string; name: string }[];
  /** Company sign-in's button label, or null when it is not configured here. */
  provider: string | null;
};

function grants(mapping: MappingRow): string {
  return [
    mapping.orgRole ? `Organisation role: ${mapping.orgRole}` : null,
    mapping.project ? `${mapping.projectRole === "maintainer" ? "Maintainer" : "Contributor"} of ${mapping.project.name}${mapping.signoffRole ? `, ${mapping.signoffRole}` : ""}` : null,
  ]
    .filter(Boolean)
    .join("; ");
}

function RemoveMapping({ mapping }: { mapping: MappingRow }) {
  const [state, formAction, pending] = useActionState(removeGroupMappingAction, idleState);
  useActionToast(state);
  return (
    <form action={formAction}>
      <input type="hidden" name="mappingId" value={mapping.id} />
      <Button type="submit" variant="ghost" size="sm" disabled={pending} aria-label={`Remove the mapping of ${mapping.group}: ${grants(mapping)}`}>
        Remove
      </Button>
    </form>
  );
}

/**
 * Company sign-in's group mappings (issue 13, docs/decisions/027): which
 * group at the identity provider gives which organisation role, project
 * membership and sign-off role. Refusals (an unknown project or role) are
 * shown at their field; grants follow at each member's next sign-in.
 */
export function GroupMappingsCard({ mappings, projects, roles, provider }: Props) {
  const form = useRef<HTMLFormElement>(null);
  const [state, formAction, pending] = useActionState(addGroupMappingAction, idleState);
  useActionToast(state, useCallback(() => form.current?.reset(), []));
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Company sign-in groups</CardTitle>
        <CardDescription>
          {provider
            ? `What a group at ${provider} gives its members. Grants are re-read at every sign-in: removing someone from the group removes the grant; grants given by hand stay.`
            : "Company sign-in is not configured (COUNTERSIGN_OIDC_ISSUER): mappings apply once it is."}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        {mappings.length === 0 ? (
          <EmptyState title="No group mappings" description="People who sign in with their company account get a member account and no project until a group is mapped." />
        ) : (
          <Table aria-label="Group mappings">
            <TableHeader>
              <TableRow>
                <TableHead>Group</TableHead>
                <TableHead>Grants</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {mappings.map((mapping) => (
                <TableRow key={mapping.id}>
                  <TableCell className="font-mono text-xs break-all">{mapping.group}</TableCell>
                  <TableCell>{grants(mapping)}</TableCell>
                  <TableCell className="text-right">
                    <RemoveMapping mapping={mapping} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <form ref={form} action={formAction} className="grid gap-3 sm:grid-cols-2" noValidate aria-label="Map a group">
          <FormField id="mapping-group" label="Group" error={errors?.group?.[0]} description="As the identity provider sends it in the groups claim.">
            <Input name="group" placeholder="e.g. mgit-sre-leads" maxLength={256} required />
          </FormField>
          <FormField id="mapping-org-role" label="Organisation role" error={errors?.orgRole?.[0]}>
            <NativeSelect name="orgRole" defaultValue="">
              <option value="">None</option>
              <option value="member">Member</option>
              <option value="admin">Admin</option>
              <option value="auditor">Auditor</option>
            </NativeSelect>
          </FormField>
          <FormField id="mapping-project" label="Project" error={errors?.project?.[0]}>
            <NativeSelect name="project" defaultValue="">
              <option value="">None</option>
              {projects.map((project) => (
                <option key={project.key} value={project.key}>
                  {project.name} ({project.key})
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <FormField id="mapping-role" label="Project role" error={errors?.role?.[0]}>
            <NativeSelect name="role" defaultValue="contributor">
              <option value="contributor">Contributor</option>
              <option value="maintainer">Maintainer</option>
            </NativeSelect>
          </FormField>
          <FormField id="mapping-signer" label="Sign-off role in the project" error={errors?.signer?.[0]}>
            <NativeSelect name="signer" defaultValue="">
              <option value="">None</option>
              {roles.map((role) => (
                <option key={role.key} value={role.name}>
                  {role.name}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <div className="flex items-end">
            <Button type="submit" variant="secondary" disabled={pending}>
              Map group
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
