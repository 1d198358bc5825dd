"use client";

import { useActionState, useCallback, useEffect, useRef, useState } from "react";
import { Phone } from "lucide-react";
import { updateContactsAction } from "@/app/(app)/p/[key]/releases/[id]/actions";
import { idleState } from "@/lib/auth/action-state";
import type { Contact } from "@/lib/releases/get-release";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useActionToast } from "@/components/app/use-action-toast";

type Props = { releaseId: string; contacts: Contact[]; readOnly: boolean };

/** The people behind the template's contact roles for this release: name, phone, email. */
export function ContactsCard({ releaseId, contacts, readOnly }: Props) {
  // The form (a dozen fields) is rendered when asked for, not with every page load.
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const done = useCallback(() => {
    setEditing(false);
    // Back to the button that opened the form.
    requestAnimationFrame(() => editButton.current?.focus());
  }, []);
  if (contacts.length === 0) return null;
  return (
    <Card>
      <CardHeader>
        <div className="flex items-start justify-between gap-2">
          <div className="space-y-1.5">
            <CardTitle className="flex items-center gap-2">
              <Phone aria-hidden="true" className="size-4 text-muted-foreground" />
              Contacts
            </CardTitle>
            <CardDescription>Who to call for this release.</CardDescription>
          </div>
          {readOnly || editing ? null : (
            <Button ref={editButton} type="button" variant="outline" size="sm" onClick={() => setEditing(true)}>
              Edit contacts
            </Button>
          )}
        </div>
      </CardHeader>
      <CardContent>
        {editing && !readOnly ? <ContactsForm releaseId={releaseId} contacts={contacts} onDone={done} /> : <ContactList contacts={contacts} />}
      </CardContent>
    </Card>
  );
}

function ContactList({ contacts }: { contacts: Contact[] }) {
  return (
    <dl className="divide-y divide-border text-sm">
      {contacts.map((contact) => (
        <div key={contact.role} className="grid gap-1 py-2.5 first:pt-0 last:pb-0 sm:grid-cols-[10rem_minmax(0,1fr)]">
          <dt className="font-medium">{contact.role}</dt>
          <dd className="min-w-0 text-muted-foreground [overflow-wrap:anywhere]">
            {contact.name || contact.phone || contact.email ? (
              <>
                {contact.name ? <span className="text-foreground">{contact.name}</span> : null}
                {contact.phone ? (
                  <>
                    {contact.name ? " · " : null}
                    <a href={`tel:${contact.phone.replace(/[^0-9+]/g, "")}`} className="underline-offset-4 hover:underline">
                      {contact.phone}
                    </a>
                  </>
                ) : null}
                {contact.email ? (
                  <>
                    {contact.name || contact.phone ? " · " : null}
                    <a href={`mailto:${contact.email}`} className="underline-offset-4 hover:underline">
                      {contact.email}
                    </a>
                  </>
                ) : null}
              </>
            ) : (
              "Not filled in"
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ContactsForm({ releaseId, contacts, onDone }: { releaseId: string; contacts: Contact[]; onDone: () => void }) {
  const [state, formAction, pending] = useActionState(updateContactsAction, idleState);
  useActionToast(state);
  const form = useRef<HTMLFormElement>(null);
  // Opened: the first field takes the focus. Saved: back to the list, which shows what was saved.
  useEffect(() => form.current?.querySelector<HTMLInputElement>("input:not([type=hidden])")?.focus(), []);
  useEffect(() => {
    if (state.status === "success") onDone();
  }, [state, onDone]);
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  // Refill what was typed after an error (React resets a form once its action completes).
  const values = state.status === "error" ? state.values : undefined;
  const typed = (field: string, index: number, fallback: string) => {
    const list = values?.[`${field}[]`];
    return Array.isArray(list) && typeof list[index] === "string" ? list[index] : fallback;
  };
  const error = (index: number, field: string) => errors?.[`contacts.${index}.${field}`]?.[0];
  // Errors about the form as a whole (e.g. a contact role the release does not have).
  const general = Object.entries(errors ?? {})
    .filter(([key]) => !/^contacts\.\d+\.(name|phone|email)$/.test(key))
    .map(([, messages]) => messages[0]);
  return (
    <form ref={form} action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="releaseId" value={releaseId} />
      {contacts.map((contact, index) => (
        <fieldset key={contact.role} className="grid min-w-0 gap-3 border-b border-border pb-4 last-of-type:border-0 last-of-type:pb-0 sm:grid-cols-3">
          <legend className="mb-2 text-sm font-semibold sm:col-span-3">{contact.role}</legend>
          <input type="hidden" name="role[]" value={contact.role} />
          <FormField id={`contact-${index}-name`} label="Name" error={error(index, "name")}>
            <Input name="name[]" defaultValue={typed("name", index, contact.name)} maxLength={120} autoComplete="off" />
          </FormField>
          <FormField id={`contact-${index}-phone`} label="Phone" error={error(index, "phone")}>
            <Input name="phone[]" type="tel" defaultValue={typed("phone", index, contact.phone)} maxLength={40} autoComplete="off" />
          </FormField>
          <FormField id={`contact-${index}-email`} label="Email" error={error(index, "email")}>
            <Input name="email[]" type="email" defaultValue={typed("email", index, contact.email)} maxLength={254} autoComplete="off" />
          </FormField>
        </fieldset>
      ))}
      {general.length ? (
        <p role="alert" className="text-sm font-medium text-destructive">
          {general.join(" ")}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" onClick={onDone} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? <Spinner label={null} size="sm" /> : null}
          Save contacts
        </Button>
      </div>
    </form>
  );
}
