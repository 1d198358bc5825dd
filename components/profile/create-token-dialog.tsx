"use client";

import { useActionState, useState } from "react";
import { Copy, KeyRound, TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { createTokenAction } from "@/app/(app)/profile/actions";
import { idleState } from "@/lib/auth/action-state";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { useActionToast } from "@/components/app/use-action-toast";

/**
 * "Create token": names the token, then shows it once with a copy button.
 * The form lives inside the dialog's content, which unmounts on close, so
 * reopening starts a fresh form and the token is never shown again.
 */
export function CreateTokenDialog() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <KeyRound aria-hidden="true" className="size-4" />
          Create token
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-lg">
        <CreateTokenForm />
      </DialogContent>
    </Dialog>
  );
}

function CreateTokenForm() {
  const [state, formAction, pending] = useActionState(createTokenAction, idleState);
  useActionToast(state);
  const created = state.status === "success" ? state.data : undefined;
  if (created) return <ShowTokenOnce token={created.token} name={created.name} />;

  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const previousName = state.status === "error" && typeof state.values?.name === "string" ? state.values.name : undefined;
  return (
    <>
      <DialogHeader>
        <DialogTitle>Create API token</DialogTitle>
        <DialogDescription>Name it after what will use it, e.g. “GitLab CI: mgit”. You can revoke it at any time.</DialogDescription>
      </DialogHeader>
      <form action={formAction} className="grid gap-4" noValidate>
        <FormField id="token-name" label="Name" error={errors?.name?.[0]} required>
          <Input name="name" autoComplete="off" required maxLength={80} defaultValue={previousName} />
        </FormField>
        {errors?.form ? (
          <p role="alert" className="text-sm text-destructive">
            {errors.form[0]}
          </p>
        ) : null}
        <DialogFormFooter submit="Create token" pending={pending} />
      </form>
    </>
  );
}

/**
 * A secret shown once with a copy button: a new API token (the defaults), or
 * another secret made once and never shown again, e.g. a webhook's signing
 * secret (`title`, `label`, `description`, `warning`). `actsAs` says whom
 * anyone holding a token can act as.
 */
export function ShowTokenOnce({
  token,
  name,
  actsAs = "you",
  title = "API token created",
  label = "New API token",
  description,
  warning,
}: {
  token: string;
  name: string;
  actsAs?: string;
  title?: string;
  label?: string;
  description?: string;
  warning?: { title: string; text: string };
}) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      toast.success(`Copied the ${label.replace(/^New /, "").toLowerCase()}.`);
    } catch {
      toast.error("Could not copy; select it and copy it by hand.");
    }
  };
  return (
    <>
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description ?? `“${name}” is ready. Copy it now and store it as a secret, e.g. in your CI settings.`}</DialogDescription>
      </DialogHeader>
      <Alert variant="destructive" role="status">
        <TriangleAlert aria-hidden="true" />
        <AlertTitle>{warning?.title ?? "This is the only time the token is shown"}</AlertTitle>
        <AlertDescription>{warning?.text ?? `Countersign keeps only its fingerprint. Anyone who has it can act as ${actsAs}; if it leaks, revoke it.`}</AlertDescription>
      </Alert>
      <div className="grid gap-1.5">
        <Label htmlFor="new-token">{label}</Label>
        <div className="flex gap-2">
          <Input id="new-token" readOnly value={token} className="font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
          <Button type="button" variant="outline" onClick={copy}>
            <Copy aria-hidden="true" className="size-4" />
            Copy
          </Button>
        </div>
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button">I have stored it</Button>
        </DialogClose>
      </DialogFooter>
    </>
  );
}
