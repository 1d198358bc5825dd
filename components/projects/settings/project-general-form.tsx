"use client";

import { useActionState } from "react";
import { updateProjectAction } from "@/app/(app)/p/[key]/settings/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { useActionToast } from "@/components/app/use-action-toast";

/** The project's name and description; the key is shown, not editable (it is in every URL and token of the project). */
export function ProjectGeneralForm({ project }: { project: { key: string; name: string; description: string; reminderIntervalMinutes: number } }) {
  const [state, formAction, pending] = useActionState(updateProjectAction, idleState);
  useActionToast(state);
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const values = state.status === "error" ? state.values : undefined;
  const text = (name: "name" | "description") => (typeof values?.[name] === "string" ? (values[name] as string) : project[name]);
  return (
    <form action={formAction} className="grid max-w-2xl gap-5" noValidate>
      <input type="hidden" name="project" value={project.key} />
      <FormField id="project-key" label="Key" description="The project's short name in URLs, the API and the CLI. It cannot be changed.">
        <Input value={project.key} readOnly className="font-mono" />
      </FormField>
      {/* key= resets the fields to the saved values after a successful save. */}
      <FormField id="project-name" label="Name" error={errors?.name?.[0]} required>
        <Input key={`name:${project.name}`} name="name" required maxLength={100} autoComplete="off" defaultValue={text("name")} />
      </FormField>
      <FormField id="project-description" label="Description" error={errors?.description?.[0]}>
        <Textarea key={`description:${project.description}`} name="description" rows={4} maxLength={2000} defaultValue={text("description")} />
      </FormField>
      <FormField
        id="project-reminder-interval"
        label="Reminder interval (hours)"
        description="A role that keeps a release ready for sign-off waiting this long is reminded, once per interval; after two intervals the maintainers are told."
        error={errors?.reminderIntervalHours?.[0]}
      >
        <Input
          key={`interval:${project.reminderIntervalMinutes}`}
          name="reminderIntervalHours"
          type="number"
          inputMode="decimal"
          min={0.25}
          max={168}
          step={0.25}
          className="max-w-32"
          defaultValue={typeof values?.reminderIntervalHours === "string" ? (values.reminderIntervalHours as string) : String(project.reminderIntervalMinutes / 60)}
        />
      </FormField>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? <Spinner label={null} size="sm" /> : null}
          Save
        </Button>
      </div>
    </form>
  );
}
