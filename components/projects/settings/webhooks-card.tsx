"use client";

import { useActionState, useState } from "react";
import { Webhook } from "lucide-react";
import { addWebhookAction, removeWebhookAction, resendWebhookDeliveryAction, rotateWebhookSecretAction } from "@/app/(app)/p/[key]/settings/actions";
import { idleState } from "@/lib/auth/action-state";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEvent, type WebhookFormat } from "@/lib/webhooks/webhook.schema";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useActionToast } from "@/components/app/use-action-toast";
import { ShowTokenOnce } from "@/components/profile/create-token-dialog";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export type WebhookDeliveryView = {
  id: string;
  event: string | null;
  status: "pending" | "retrying" | "delivered" | "dead" | "cancelled";
  attempts: number;
  responseCode: number | null;
  durationMs: number | null;
  lastError: string | null;
  createdAt: string;
};
export type WebhookItem = { id: string; url: string; description: string; events: WebhookEvent[]; format: WebhookFormat; rotating: boolean; createdAt: string; deliveries: WebhookDeliveryView[] };
type Project = { key: string; name: string };

const minuteUtc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
const STATUS_VARIANT = { delivered: "success", dead: "destructive", retrying: "warning", pending: "secondary", cancelled: "secondary" } as const;

/** The project's webhooks: add (the secret shown once), each one's delivery log with "Resend", secret rotation and removal. */
export function ProjectWebhooks({ project, webhooks }: { project: Project; webhooks: WebhookItem[] }) {
  const [resent, resend, resending] = useActionState(resendWebhookDeliveryAction, idleState);
  useActionToast(resent);
  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <AddWebhookDialog project={project} />
      </div>
      {webhooks.length === 0 ? (
        <EmptyState icon={Webhook} titleAs="h3" title="No webhooks" description="Add one to tell a chat channel or your own service when releases are ready, approved, deployed or rolled back." />
      ) : (
        webhooks.map((webhook) => (
          <section key={webhook.id} aria-label={`Webhook to ${webhook.url}`} className="space-y-3 rounded-lg border p-3 sm:p-4">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <div className="font-mono text-sm break-all">{webhook.url}</div>
                <div className="mt-1 flex flex-wrap gap-1 text-xs text-muted-foreground">
                  {webhook.description ? <span>{webhook.description} · </span> : null}
                  <Badge variant="outline">{webhook.format === "slack" ? "Slack format" : "Standard Webhooks"}</Badge>
                  {(webhook.events.length ? webhook.events : ["every event"]).map((event) => (
                    <Badge key={event} variant="outline" className="font-mono">
                      {event}
                    </Badge>
                  ))}
                  {webhook.rotating ? <Badge variant="warning">Previous secret still signs</Badge> : null}
                </div>
              </div>
              <div className="flex gap-2">
                <RotateSecretDialog project={project} webhook={webhook} />
                <RemoveWebhookDialog project={project} webhook={webhook} />
              </div>
            </div>
            {webhook.deliveries.length === 0 ? (
              <p className="text-sm text-muted-foreground">Nothing sent yet.</p>
            ) : (
              <Table aria-label={`Deliveries to ${webhook.url}`}>
                <TableHeader>
                  <TableRow>
                    <TableHead>Event</TableHead>
                    <TableHead>Status</TableHead>
                    <TableHead className="hidden sm:table-cell">Response</TableHead>
                    <TableHead className="hidden md:table-cell">Duration</TableHead>
                    <TableHead className="hidden md:table-cell">Sent</TableHead>
                    <TableHead className="text-right">
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {webhook.deliveries.map((delivery) => (
                    <TableRow key={delivery.id}>
                      <TableCell className="font-mono text-xs">{delivery.event ?? "—"}</TableCell>
                      <TableCell>
                        <Badge variant={STATUS_VARIANT[delivery.status]}>{delivery.status}</Badge>
                        {delivery.lastError && delivery.status !== "delivered" ? <div className="mt-1 max-w-xs text-xs break-words text-muted-foreground">{delivery.lastError}</div> : null}
                      </TableCell>
                      <TableCell className="hidden sm:table-cell">{delivery.responseCode ?? "—"}</TableCell>
                      <TableCell className="hidden md:table-cell">{delivery.durationMs === null ? "—" : `${delivery.durationMs} ms`}</TableCell>
                      <TableCell className="hidden whitespace-nowrap md:table-cell">
                        {minuteUtc(delivery.createdAt)} · {delivery.attempts} {delivery.attempts === 1 ? "try" : "tries"}
                      </TableCell>
                      <TableCell className="text-right">
                        <form action={resend}>
                          <input type="hidden" name="project" value={project.key} />
                          <input type="hidden" name="deliveryId" value={delivery.id} />
                          <Button type="submit" size="sm" variant="outline" disabled={resending} aria-label={`Resend ${delivery.event ?? "message"} of ${minuteUtc(delivery.createdAt)}`}>
                            Resend
                          </Button>
                        </form>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </section>
        ))
      )}
    </div>
  );
}

function AddWebhookDialog({ project }: { project: Project }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Webhook aria-hidden="true" />
          Add webhook
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-lg">
        <AddWebhookForm project={project} />
      </DialogContent>
    </Dialog>
  );
}

const secretWarning = { title: "This is the only time the secret is shown", text: "Your receiver checks each message's signature with it. If it leaks, rotate it." };

/** Inside the dialog's content, which unmounts on close: the secret is never shown again. */
function AddWebhookForm({ project }: { project: Project }) {
  const [state, formAction, pending] = useActionState(addWebhookAction, idleState);
  useActionToast(state);
  const created = state.status === "success" ? (state.data as { secret: string; url: string } | undefined) : undefined;
  if (created) {
    return <ShowTokenOnce token={created.secret} name={created.url} title="Webhook added" label="Signing secret" description={`Messages to ${created.url} are signed with this secret.`} warning={secretWarning} />;
  }
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const values = state.status === "error" ? state.values : undefined;
  const chosen = Array.isArray(values?.events) ? values.events : [];
  const text = (name: string) => (typeof values?.[name] === "string" ? (values[name] as string) : undefined);
  return (
    <>
      <DialogHeader>
        <DialogTitle>Add webhook</DialogTitle>
        <DialogDescription>Countersign POSTs {project.name}&apos;s events to this URL. It must be a public http(s) address; redirects are not followed.</DialogDescription>
      </DialogHeader>
      <form action={formAction} className="grid gap-4" noValidate>
        <input type="hidden" name="project" value={project.key} />
        <FormField id="webhook-url" label="URL" error={errors?.url?.[0]} required>
          <Input name="url" type="url" inputMode="url" autoComplete="off" required maxLength={2000} placeholder="https://hooks.example.com/countersign" defaultValue={text("url")} />
        </FormField>
        <FormField id="webhook-description" label="Description" description="What it is for, e.g. “#releases in Slack”." error={errors?.description?.[0]}>
          <Input name="description" autoComplete="off" maxLength={200} defaultValue={text("description")} />
        </FormField>
        <FormField id="webhook-format" label="Format" error={errors?.format?.[0]}>
          <NativeSelect name="format" defaultValue={text("format") ?? "standard"}>
            <option value="standard">Standard Webhooks (signed JSON)</option>
            <option value="slack">Slack or Mattermost ({"{\"text\": …}"})</option>
          </NativeSelect>
        </FormField>
        <CheckboxGroup
          legend="Events (none chosen: every event)"
          name="events[]"
          idPrefix="webhook-event"
          options={WEBHOOK_EVENTS.map((event) => ({ value: event, label: <>{WEBHOOK_EVENT_LABELS[event]} <span className="font-mono text-xs text-muted-foreground">{event}</span></> }))}
          isChecked={(event) => chosen.includes(event)}
          error={errors?.events?.[0]}
        />
        {state.status === "error" && !errors ? (
          <p role="alert" className="text-sm text-destructive">
            {state.message}
          </p>
        ) : null}
        <DialogFormFooter submit="Add webhook" pending={pending} />
      </form>
    </>
  );
}

function RotateSecretDialog({ project, webhook }: { project: Project; webhook: WebhookItem }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" aria-label={`Rotate the secret of the webhook to ${webhook.url}`}>
          Rotate secret
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-lg">
        <RotateSecretForm project={project} webhook={webhook} />
      </DialogContent>
    </Dialog>
  );
}

function RotateSecretForm({ project, webhook }: { project: Project; webhook: WebhookItem }) {
  const [state, formAction, pending] = useActionState(rotateWebhookSecretAction, idleState);
  useActionToast(state);
  const rotated = state.status === "success" ? (state.data as { secret: string; until: string; overlapHours: number } | undefined) : undefined;
  if (rotated) {
    const overlap = rotated.overlapHours > 0 ? ` The previous secret also signs until ${minuteUtc(rotated.until)}: update your receiver before then.` : " The previous secret no longer signs.";
    return <ShowTokenOnce token={rotated.secret} name={webhook.url} title="New signing secret" label="Signing secret" description={`Messages to ${webhook.url} are now signed with this secret.${overlap}`} warning={secretWarning} />;
  }
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  return (
    <>
      <DialogHeader>
        <DialogTitle>Rotate the signing secret</DialogTitle>
        <DialogDescription>A new secret signs every message from now on. During the overlap the previous one signs too (both signatures are sent), so the receiver can switch without missing one.</DialogDescription>
      </DialogHeader>
      <form action={formAction} className="grid gap-4" noValidate>
        <input type="hidden" name="project" value={project.key} />
        <input type="hidden" name="webhookId" value={webhook.id} />
        <FormField id={`overlap-${webhook.id}`} label="Overlap (hours)" description="0 to 168; 0 stops the previous secret at once." error={errors?.overlapHours?.[0]}>
          <Input name="overlapHours" type="number" min={0} max={168} step={1} defaultValue={24} />
        </FormField>
        <DialogFormFooter submit="Rotate secret" pending={pending} />
      </form>
    </>
  );
}

function RemoveWebhookDialog({ project, webhook }: { project: Project; webhook: WebhookItem }) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(removeWebhookAction, idleState);
  useActionToast(state, () => setOpen(false));
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={{ text: "Remove", label: `Remove the webhook to ${webhook.url}` }}
      title="Remove this webhook?"
      description={`Nothing more is sent to ${webhook.url}; messages not yet delivered are dropped.`}
      fields={{ project: project.key, webhookId: webhook.id }}
      submit="Remove webhook"
      cancel="Keep it"
      action={formAction}
      pending={pending}
    />
  );
}
