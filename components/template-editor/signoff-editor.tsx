"use client";

import { memo } from "react";
import type { SignoffBlock } from "@/lib/templates/document";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { useEditor } from "./editor-context";
import { newKey } from "./keys";
import { slug } from "./section-editor";
import { fieldIds } from "./validate";

export type AvailableRole = { name: string; holders: number };

type Props = {
  /** The template's sign-off block; undefined when it has none yet (the first ticked role creates it). */
  block: SignoffBlock | undefined;
  available: readonly AvailableRole[];
  error?: string;
};

const roleCheckboxId = (role: string) => `signoff-role-${slug(role)}`;

/**
 * The sign-off roles a release of this template needs, in the template's
 * groups. Ticking a role adds it to the last group; unticking removes it
 * from its group and from every section it was responsible for.
 */
export const SignoffEditor = memo(function SignoffEditor({ block, available, error }: Props) {
  const { dispatch, requestFocus, announce } = useEditor();
  const groups = block?.groups ?? [];
  const chosen = new Set(groups.flatMap((group) => group.roles.map((role) => role.toLowerCase())));
  const others = available.filter((role) => !chosen.has(role.name.toLowerCase()));
  const holders = new Map(available.map((role) => [role.name.toLowerCase(), role.holders]));
  const lastGroup = groups.at(-1)?.title || "Sign-off";

  const toggle = (role: string, checked: boolean) => {
    dispatch({ type: "setSignoffRole", role, checked, newBlockKey: newKey() });
    requestFocus(roleCheckboxId(role));
    announce(checked ? `${role} is now a required sign-off, in “${lastGroup}”.` : `${role} is no longer a required sign-off.`);
  };

  const roleRow = (role: string, checked: boolean) => {
    const count = holders.get(role.toLowerCase());
    return (
      <li key={role} className="flex min-h-8 items-center gap-2">
        <Checkbox id={roleCheckboxId(role)} checked={checked} onCheckedChange={(value) => toggle(role, value === true)} />
        <Label htmlFor={roleCheckboxId(role)} className="cursor-pointer font-normal">
          {role}
        </Label>
        <span className={count === 0 ? "text-xs text-warning-soft-foreground" : "text-xs text-muted-foreground"}>
          {count === undefined ? "new role" : count === 0 ? "nobody holds it yet" : `${count} ${count === 1 ? "holder" : "holders"}`}
        </span>
      </li>
    );
  };

  return (
    <section
      id={fieldIds.signoff}
      tabIndex={-1}
      aria-labelledby="signoff-heading"
      className="rounded-lg border border-border bg-card shadow-xs focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
    >
      <div className="grid gap-1 border-b border-border p-4">
        <p className="text-xs uppercase tracking-wide text-muted-foreground">Sign-off</p>
        <h2 id="signoff-heading" className="text-base font-semibold leading-tight">
          Sign-off roles
        </h2>
        <p className="text-sm text-muted-foreground">
          The roles that must sign a release made from this template. A role you tick joins “{lastGroup}”; unticking a role also removes it from
          the sections it was responsible for.
        </p>
      </div>
      <div className="grid gap-4 p-4 sm:grid-cols-2">
        {groups.map((group, index) => (
          <fieldset key={`${index}-${group.title}`} className="grid content-start gap-1">
            <legend className="mb-1 text-sm font-medium">{group.title || "Sign-off"}</legend>
            <ul className="grid gap-0.5">{group.roles.map((role) => roleRow(role, true))}</ul>
          </fieldset>
        ))}
        {others.length > 0 ? (
          <fieldset className="grid content-start gap-1">
            <legend className="mb-1 text-sm font-medium">Not required</legend>
            <ul className="grid gap-0.5">{others.map((role) => roleRow(role.name, false))}</ul>
          </fieldset>
        ) : null}
        {groups.length === 0 && others.length === 0 ? (
          <p className="text-sm text-muted-foreground">No sign-off roles exist yet. An admin adds them on the Users page.</p>
        ) : null}
      </div>
      {error ? <p className="px-4 pb-4 text-sm font-medium text-destructive">{error}</p> : null}
    </section>
  );
});
