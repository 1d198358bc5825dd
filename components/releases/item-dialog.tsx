"use client";

import { useActionState, useState } from "react";
import { toast } from "sonner";
import { setItemStateAction } from "@/app/(app)/p/[key]/releases/[id]/actions";
import { needsReason, type ItemStatus } from "@/lib/releases/release-status";
import { idleState, type ActionState } from "@/lib/auth/action-state";
import type { ReleaseItemView } from "@/lib/releases/get-release";
import type { ItemStateView, ReleaseProgress } from "@/lib/releases/set-item-state";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { focusItemMenu } from "./item-dom";
import { submitKeepingValues } from "./keep-values";

const MAX_NOTE = 10_000;
const MAX_LINKS = 10;

export type ItemSaved = { item: ItemStateView; release: ReleaseProgress };

type Props = {
  releaseId: string;
  item: ReleaseItemView;
  state: ItemStateView;
  /** The status the dialog opens with (the menu entry chosen). */
  initialStatus: ItemStatus;
  users: { id: string; name: string; assignable: boolean }[];
  onSaved: (saved: ItemSaved) => void;
  onRefused: () => void;
  onClose: () => void;
};

const STATUS_OPTIONS: { value: ItemStatus; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "done", label: "Done" },
  { value: "na", label: "Not applicable" },
  { value: "blocked", label: "Blocked" },
];

/** Collects "evidenceLinks", "evidenceLinks.3"… into one message per link. */
function evidenceErrors(fieldErrors: Record<string, string[]> | undefined): string | undefined {
  if (!fieldErrors) return undefined;
  const messages = Object.entries(fieldErrors)
    .filter(([key]) => key === "evidenceLinks" || key.startsWith("evidenceLinks."))
    .map(([key, list]) => (key.includes(".") ? `Link ${Number(key.split(".")[1]) + 1}: ${list[0]}` : list[0]));
  return messages.length ? messages.join(" ") : undefined;
}

/**
 * Everything about one item but the tick: not applicable or blocked (with a
 * required reason), a note, evidence links and the assignee. The change is
 * based on the item version seen when the dialog opened: if someone changed
 * the item since, it is refused and the page shows their change.
 */
export function ItemDialog({ releaseId, item, state, initialStatus, users, onSaved, onRefused, onClose }: Props) {
  const [expectedVersion] = useState(state.version);
  const [status, setStatus] = useState<ItemStatus>(initialStatus);
  const [reason, setReason] = useState(state.reason ?? "");
  const [note, setNote] = useState(state.note ?? "");
  const [links, setLinks] = useState(state.evidenceLinks.join("\n"));
  const [assigneeId, setAssigneeId] = useState(state.assigneeId ?? "");

  const [result, formAction, pending] = useActionState(async (previous: ActionState, formData: FormData): Promise<ActionState> => {
    const next = await setItemStateAction(previous, formData);
    if (next.status === "success") {
      toast.success(next.message);
      if (next.data) onSaved(next.data);
      onClose();
    } else if (next.status === "error" && !next.fieldErrors) {
      // Refused as a whole (someone changed the item, the release closed): say why and show the current state.
      toast.error(next.message);
      onRefused();
    }
    return next;
  }, idleState);
  const errors = result.status === "error" ? result.fieldErrors : undefined;

  const reasonNeeded = needsReason(status);
  const linkCount = links.split(/\r?\n/).filter((line) => line.trim()).length;
  const choices = users.filter((user) => user.assignable || user.id === state.assigneeId);

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent
        className="sm:max-w-lg"
        onCloseAutoFocus={(event) => {
          // Back to the item's menu button (the menu that opened the dialog is gone by now).
          event.preventDefault();
          focusItemMenu(item.key);
        }}
      >
        <DialogHeader>
          <DialogTitle className="[overflow-wrap:anywhere]">{item.title}</DialogTitle>
          <DialogDescription>Changes are recorded in the audit trail with your name and the time.</DialogDescription>
        </DialogHeader>
        <form action={formAction} onSubmit={submitKeepingValues(formAction)} className="grid gap-4" noValidate>
          <input type="hidden" name="releaseId" value={releaseId} />
          <input type="hidden" name="itemKey" value={item.key} />
          <input type="hidden" name="expectedVersion" value={expectedVersion} />
          <FormField id="item-status" label="Status" error={errors?.status?.[0]}>
            <NativeSelect name="status" value={status} onChange={(event) => setStatus(event.target.value as ItemStatus)}>
              {STATUS_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          {reasonNeeded ? (
            <FormField
              id="item-reason"
              label="Reason"
              description={status === "na" ? "Why the item does not apply to this release." : "What blocks the item, and who can unblock it."}
              error={errors?.reason?.[0]}
              required
            >
              <Textarea name="reason" value={reason} onChange={(event) => setReason(event.target.value)} rows={2} maxLength={1000} required autoFocus />
            </FormField>
          ) : null}
          <FormField id="item-note" label="Note" description={`${note.length.toLocaleString("en")} of ${MAX_NOTE.toLocaleString("en")} characters.`} error={errors?.note?.[0]}>
            <Textarea name="note" value={note} onChange={(event) => setNote(event.target.value)} rows={3} maxLength={MAX_NOTE} />
          </FormField>
          <FormField
            id="item-evidence"
            label="Evidence links"
            description={`One http(s) link per line, at most ${MAX_LINKS} (a CI run, a dashboard, a ticket). ${linkCount} of ${MAX_LINKS}.`}
            error={evidenceErrors(errors)}
          >
            <Textarea
              name="evidenceLinks"
              value={links}
              onChange={(event) => setLinks(event.target.value)}
              rows={3}
              spellCheck={false}
              placeholder="https://ci.example.com/runs/1234"
              className="font-mono text-xs"
            />
          </FormField>
          <FormField id="item-assignee" label="Assignee" error={errors?.assigneeId?.[0]}>
            <NativeSelect name="assigneeId" value={assigneeId} onChange={(event) => setAssigneeId(event.target.value)}>
              <option value="">Nobody</option>
              {choices.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.assignable ? user.name : `${user.name} (disabled)`}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          {errors?.form || errors?.itemKey || errors?.expectedVersion ? (
            <p role="alert" className="text-sm font-medium text-destructive">
              {(errors.form ?? errors.itemKey ?? errors.expectedVersion)?.[0]}
            </p>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="ghost">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner label={null} size="sm" /> : null}
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
