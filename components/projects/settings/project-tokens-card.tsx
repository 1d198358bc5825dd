"use client";

import { useActionState, useState } from "react";
import { KeyRound } from "lucide-react";
import { createProjectTokenAction, revokeProjectTokenAction } from "@/app/(app)/p/[key]/settings/actions";
import { idleState } from "@/lib/auth/action-state";
import { TOKEN_SCOPE_LABELS, TOKEN_SCOPES } from "@/lib/tokens/token-scopes";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useActionToast } from "@/components/app/use-action-toast";
import { ShowTokenOnce } from "@/components/profile/create-token-dialog";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export type ProjectTokenView = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: string | null;
};

/** "2026-11-27 14:03 UTC". */
const minuteUtc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** The project's own tokens (for CI): owned by the project, not a person; created here, shown once, revoked here. */
export function ProjectTokens({ project, tokens }: { project: { key: string; name: string }; tokens: ProjectTokenView[] }) {
  // Revocation is answered here, not in the row's dialog, which closes once it succeeds.
  const [revocation, revoke, revoking] = useActionState(revokeProjectTokenAction, idleState);
  useActionToast(revocation);
  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <CreateProjectTokenDialog project={project} />
      </div>
      {tokens.length === 0 ? (
        <EmptyState
          icon={KeyRound}
          titleAs="h3"
          title="No project tokens"
          description="Create one for each pipeline that creates releases or ticks items of this project, so you can revoke them one by one."
        />
      ) : (
        <Table aria-label="Project tokens">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead className="hidden sm:table-cell">Scopes</TableHead>
              <TableHead className="hidden md:table-cell">Last used</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="text-right">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tokens.map((token) => (
              <TableRow key={token.id}>
                <TableCell>
                  <div className="font-medium break-all">{token.name}</div>
                  <div className="text-xs text-muted-foreground">
                    <code className="font-mono">{token.prefix}…</code> · made {minuteUtc(token.createdAt)}
                    {token.createdBy ? ` by ${token.createdBy}` : ""}
                  </div>
                </TableCell>
                <TableCell className="hidden sm:table-cell">
                  <div className="flex max-w-xs flex-wrap gap-1">
                    {token.scopes.map((scope) => (
                      <Badge key={scope} variant="outline" className="font-mono">
                        {scope}
                      </Badge>
                    ))}
                  </div>
                </TableCell>
                <TableCell className="hidden whitespace-nowrap md:table-cell">
                  {token.lastUsedAt ? minuteUtc(token.lastUsedAt) : <span className="text-muted-foreground">Never</span>}
                </TableCell>
                <TableCell>{token.revokedAt ? <Badge variant="secondary">Revoked {token.revokedAt.slice(0, 10)}</Badge> : <Badge variant="success">Active</Badge>}</TableCell>
                <TableCell className="text-right">
                  {token.revokedAt ? null : <RevokeProjectToken projectKey={project.key} token={token} action={revoke} pending={revoking} />}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function CreateProjectTokenDialog({ project }: { project: { key: string; name: string } }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <KeyRound aria-hidden="true" />
          Create project token
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-lg">
        <CreateProjectTokenForm project={project} />
      </DialogContent>
    </Dialog>
  );
}

/** Inside the dialog's content, which unmounts on close: reopening starts a fresh form, and the token is never shown again. */
function CreateProjectTokenForm({ project }: { project: { key: string; name: string } }) {
  const [state, formAction, pending] = useActionState(createProjectTokenAction, idleState);
  useActionToast(state);
  const created = state.status === "success" ? state.data : undefined;
  if (created) return <ShowTokenOnce token={created.token} name={created.name} actsAs={`a contributor of ${project.name}`} />;
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const values = state.status === "error" ? state.values : undefined;
  const chosen = Array.isArray(values?.scopes) ? values.scopes : null;
  return (
    <>
      <DialogHeader>
        <DialogTitle>Create project token</DialogTitle>
        <DialogDescription>
          Owned by {project.name}, not by you: it keeps working if you leave, acts as a contributor of this project only, and is named in the audit trail.
          It never signs off.
        </DialogDescription>
      </DialogHeader>
      <form action={formAction} className="grid gap-4" noValidate>
        <input type="hidden" name="project" value={project.key} />
        <FormField id="project-token-name" label="Name" description="After what will use it, e.g. “GitLab CI”." error={errors?.name?.[0]} required>
          <Input name="name" autoComplete="off" required maxLength={80} defaultValue={typeof values?.name === "string" ? values.name : undefined} />
        </FormField>
        <CheckboxGroup
          legend="Scopes"
          name="scopes[]"
          idPrefix="project-token"
          options={TOKEN_SCOPES.map((scope) => ({ value: scope, label: <><span className="font-mono text-xs">{scope}</span> <span className="text-muted-foreground">{TOKEN_SCOPE_LABELS[scope]}</span></> }))}
          isChecked={(scope) => (chosen ? chosen.includes(scope) : true)}
          error={errors?.scopes?.[0]}
        />
        {state.status === "error" && !errors ? (
          <p role="alert" className="text-sm text-destructive">
            {state.message}
          </p>
        ) : null}
        <DialogFormFooter submit="Create token" pending={pending} />
      </form>
    </>
  );
}

function RevokeProjectToken({ projectKey, token, action, pending }: { projectKey: string; token: ProjectTokenView; action: (formData: FormData) => void; pending: boolean }) {
  // Once revoked, the row has no revoke button: this dialog goes with it.
  return (
    <ConfirmDialog
      trigger={{ text: "Revoke", label: `Revoke ${token.name}` }}
      title={`Revoke ${token.name}?`}
      description="Anything using this token gets “401 Unauthorized” from now on. This cannot be undone."
      fields={{ project: projectKey, tokenId: token.id }}
      submit="Revoke token"
      cancel="Keep token"
      action={action}
      pending={pending}
    />
  );
}
