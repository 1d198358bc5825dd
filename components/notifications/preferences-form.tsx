"use client";

import { useActionState } from "react";
import { savePreferencesAction } from "@/app/(app)/inbox/actions";
import { idleState } from "@/lib/auth/action-state";
import { CATEGORY_LABELS, CHANNEL_LABELS, NOTIFICATION_CATEGORIES, PERSONAL_CHANNELS } from "@/lib/notifications/categories";
import type { Preferences } from "@/lib/notifications/preferences";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useActionToast } from "@/components/app/use-action-toast";

/** A checkbox per category and channel, and the daily digest; email is shown off, with why, when the server sends none. */
export function PreferencesForm({ preferences, email, mailEnabled }: { preferences: Preferences; email: string; mailEnabled: boolean }) {
  const [state, formAction, pending] = useActionState(savePreferencesAction, idleState);
  useActionToast(state);
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="grid max-w-3xl gap-6">
      {mailEnabled ? null : (
        <Alert>
          <AlertTitle>Email is off on this server</AlertTitle>
          <AlertDescription>No SMTP server is configured (COUNTERSIGN_SMTP_URL), so notifications reach you in the app only. Your email choices are kept for when it is.</AlertDescription>
        </Alert>
      )}
      <Table aria-label="Notifications by category and channel">
        <TableHeader>
          <TableRow>
            <TableHead>Category</TableHead>
            {PERSONAL_CHANNELS.map((channel) => (
              <TableHead key={channel} className="w-28 text-center">
                {CHANNEL_LABELS[channel]}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {NOTIFICATION_CATEGORIES.map((category) => (
            <TableRow key={category}>
              <TableCell>
                <div className="font-medium">{CATEGORY_LABELS[category].title}</div>
                <div className="text-xs text-muted-foreground">{CATEGORY_LABELS[category].description}</div>
              </TableCell>
              {PERSONAL_CHANNELS.map((channel) => (
                <TableCell key={channel} className="text-center">
                  <Checkbox
                    name="on[]"
                    value={`${category}.${channel}`}
                    defaultChecked={preferences.channels[category][channel]}
                    aria-label={`${CATEGORY_LABELS[category].title}: ${CHANNEL_LABELS[channel]}`}
                  />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {errors?.on?.[0] ? <p className="text-sm text-destructive">{errors.on[0]}</p> : null}
      <div className="flex items-start gap-3">
        <Checkbox id="email-digest" name="emailDigest" defaultChecked={preferences.emailDigest} />
        <div className="grid gap-1">
          <Label htmlFor="email-digest">One email a day instead</Label>
          <p className="text-xs text-muted-foreground">A digest at 07:00 UTC to {email} of what reached your inbox that day, in the categories whose email is on.</p>
        </div>
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? <Spinner label={null} size="sm" /> : null}
          Save
        </Button>
      </div>
    </form>
  );
}
