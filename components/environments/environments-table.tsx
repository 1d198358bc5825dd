import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EnvironmentForm } from "./environment-form";

type Environment = { id: string; key: string; name: string; requires: string[]; allowMultipleRolesPerSigner: boolean };

export function EnvironmentsTable({ environments, manage }: { environments: Environment[]; manage: boolean }) {
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
              {environment.allowMultipleRolesPerSigner ? "One person may sign several roles" : "One role per person"}
            </TableCell>
            {manage ? (
              <TableCell className="text-right">
                <EnvironmentForm environments={environments} environment={environment} />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
