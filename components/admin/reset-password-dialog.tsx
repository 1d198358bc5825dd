"use client";

import { useActionState, useCallback, useState } from "react";
import { resetPasswordAction } from "@/app/(app)/admin/users/actions";
import { idleState } from "@/lib/auth/action-state";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password-limits";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { useActionToast } from "@/components/app/use-action-toast";

type Props = { user: { id: string; name: string } };

/** An admin sets a temporary password; the user is signed out everywhere and must choose their own at the next sign-in. */
export function ResetPasswordDialog({ user }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" aria-label={`Reset the password of ${user.name}`}>
          Reset password
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-md">
        <ResetPasswordForm user={user} onDone={useCallback(() => setOpen(false), [])} />
      </DialogContent>
    </Dialog>
  );
}

function ResetPasswordForm({ user, onDone }: Props & { onDone: () => void }) {
  const [state, formAction, pending] = useActionState(resetPasswordAction, idleState);
  useActionToast(state, onDone);
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  return (
    <>
      <DialogHeader>
        <DialogTitle>Reset the password of {user.name}</DialogTitle>
        <DialogDescription>
          They are signed out everywhere at once. Give them the temporary password by a channel you trust; at their next sign-in they must choose their own.
        </DialogDescription>
      </DialogHeader>
      <form action={formAction} className="grid gap-4" noValidate>
        <input type="hidden" name="userId" value={user.id} />
        <FormField id={`reset-password-${user.id}`} label="Temporary password" description={`At least ${PASSWORD_MIN} characters, not a common password.`} error={errors?.password?.[0]} required>
          <Input name="password" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX} />
        </FormField>
        {state.status === "error" && errors && !errors.password ? (
          <p role="alert" className="text-sm text-destructive">
            {state.message}
          </p>
        ) : null}
        <DialogFormFooter submit="Reset password" pending={pending} size="sm" />
      </form>
    </>
  );
}
