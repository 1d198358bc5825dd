"use client";

import { useActionState, useCallback, useState } from "react";
import { changePasswordAction } from "@/app/(app)/profile/actions";
import { idleState } from "@/lib/auth/action-state";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password-limits";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useActionToast } from "@/components/app/use-action-toast";


/**
 * The profile's "Password" card: the current password, the new one twice.
 * The server checks the policy (lib/auth/password-policy.ts) and answers
 * with a message per field; success is confirmed by a toast and the other
 * sessions end. `required` is shown instead of the page when an admin reset
 * the password.
 */
export function ChangePasswordCard({ required = false }: { required?: boolean }) {
  // A fresh form after each success: the fields empty themselves.
  const [generation, setGeneration] = useState(0);
  return <ChangePasswordForm key={generation} required={required} onChanged={useCallback(() => setGeneration((value) => value + 1), [])} />;
}

function ChangePasswordForm({ required, onChanged }: { required: boolean; onChanged: () => void }) {
  const [state, formAction, pending] = useActionState(changePasswordAction, idleState);
  useActionToast(state, onChanged);
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{required ? "Choose a new password" : "Password"}</CardTitle>
        <CardDescription>
          At least {PASSWORD_MIN} characters, not a common password. Changing it signs you out everywhere else; this session stays signed in.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {required ? (
          <Alert role="status">
            <AlertTitle>An admin reset your password</AlertTitle>
            <AlertDescription>Enter the temporary password you were given and choose your own before you continue.</AlertDescription>
          </Alert>
        ) : null}
        <form action={formAction} className="grid max-w-md gap-4" noValidate aria-label="Change password">
          <FormField id="current-password" label={required ? "Temporary password" : "Current password"} error={errors?.currentPassword?.[0]} required>
            <Input name="currentPassword" type="password" autoComplete="current-password" required maxLength={PASSWORD_MAX} />
          </FormField>
          <FormField id="new-password" label="New password" description={`At least ${PASSWORD_MIN} characters.`} error={errors?.newPassword?.[0]} required>
            <Input name="newPassword" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX} />
          </FormField>
          <FormField id="confirm-password" label="Repeat new password" error={errors?.confirmPassword?.[0]} required>
            <Input name="confirmPassword" type="password" autoComplete="new-password" required maxLength={PASSWORD_MAX} />
          </FormField>
          {state.status === "error" && errors && !errors.currentPassword && !errors.newPassword && !errors.confirmPassword ? (
            <p role="alert" className="text-sm text-destructive">
              {state.message}
            </p>
          ) : null}
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner label={null} /> : null}
              Change password
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
