import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { EnvironmentPolicyView, RoleHolders } from "@/lib/environments/list-environment-policies";
import { policyPhrases } from "@/lib/environments/policy-words";
import { EnvironmentForm } from "./environment-form";

/** The project's environments: gates, and the sign-off policy (separation of duties, quorums) of each. */
export function EnvironmentsTable({ projectKey, environments, roles, manage }: { projectKey: string; environments: EnvironmentPolicyView[]; roles: RoleHolders[]; manage: boolean }) {
  const nameOf = (key: string) => environments.find((environment) => environment.key === key)?.name ?? key;
  return (
    <Table aria-label="Environments">
      <TableHeader>
        <TableRow>
          <TableHead>Environment</TableHead>
          <TableHead>Requires approval in</TableHead>
          <TableHead className="hidden sm:table-cell">Signers</TableHead>
          {manage ? <TableHead className="text-right">Actions</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {environments.map((environment) => (
          <TableRow key={environment.id}>
            <TableCell>
              <div className="font-medium">{environment.name}</div>
              <div className="font-mono text-xs text-muted-foreground">{environment.key}</div>
            </TableCell>
            <TableCell>
              {environment.requires.length ? (
                <div className="flex flex-wrap gap-1">
                  {environment.requires.map((key) => (
                    <Badge key={key} variant="outline">
                      {nameOf(key)}
                    </Badge>
                  ))}
                </div>
              ) : (
                <span className="text-muted-foreground">No gate</span>
              )}
            </TableCell>
            <TableCell className="hidden text-sm sm:table-cell">
              <ul aria-label={`Sign-off policy of ${environment.name}`} className="space-y-0.5">
                {policyPhrases(environment).map((phrase) => (
                  <li key={phrase}>{phrase}</li>
                ))}
              </ul>
            </TableCell>
            {manage ? (
              <TableCell className="text-right">
                <EnvironmentForm projectKey={projectKey} environments={environments} environment={environment} roles={roles} />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
