"use client";

import { useActionState, useState } from "react";
import { FolderPlus } from "lucide-react";
import { createProjectAction } from "@/app/(app)/projects/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { useActionToast } from "@/components/app/use-action-toast";

/** An admin creates a project: key (stable, in every URL), name and description. It starts with staging and production; its members are added next. */
export function CreateProjectDialog() {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(createProjectAction, idleState);
  useActionToast(state);
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const values = state.status === "error" ? state.values : undefined;
  const text = (name: string) => (typeof values?.[name] === "string" ? (values[name] as string) : undefined);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <FolderPlus aria-hidden="true" />
          Create project
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Create project</DialogTitle>
          <DialogDescription>A product or service with its own checklists, environments, members and signers. It starts with Staging and Production.</DialogDescription>
        </DialogHeader>
        <form action={formAction} className="grid gap-4" noValidate>
          <FormField
            id="new-project-key"
            label="Key"
            description="2 to 40 lowercase letters, digits and dashes, e.g. mgit. It is in every URL of the project and cannot be changed later."
            error={errors?.key?.[0]}
            required
          >
            <Input name="key" autoComplete="off" spellCheck={false} required maxLength={40} pattern="[a-z0-9-]{2,40}" className="font-mono" defaultValue={text("key")} />
          </FormField>
          <FormField id="new-project-name" label="Name" description="e.g. mgit CLI. Can be renamed later." error={errors?.name?.[0]} required>
            <Input name="name" autoComplete="off" required maxLength={100} defaultValue={text("name")} />
          </FormField>
          <FormField id="new-project-description" label="Description" error={errors?.description?.[0]}>
            <Textarea name="description" rows={3} maxLength={2000} defaultValue={text("description")} />
          </FormField>
          {state.status === "error" && errors?.form ? (
            <p role="alert" className="text-sm text-destructive">
              {errors.form[0]}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner label={null} /> : null}
              Create project
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
