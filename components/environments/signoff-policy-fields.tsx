"use client";

import type { FieldErrors } from "@/lib/errors/app-error";
import type { SubmittedValues } from "@/lib/auth/action-state";
import type { EnvironmentPolicyView, RoleHolders } from "@/lib/environments/list-environment-policies";
import { MAX_QUORUM, quorumOf } from "@/lib/signoffs/quorum";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Props = {
  /** The id prefix of the dialog's controls. */
  prefix: string;
  environment: Pick<EnvironmentPolicyView, "creatorMayNotSign" | "tickerMayNotSign" | "requirePasskey" | "quorums">;
  roles: RoleHolders[];
  errors?: FieldErrors;
  values?: SubmittedValues;
};

/**
 * An environment's sign-off policy in its edit form (docs/decisions/023, 024): the
 * two separation-of-duties rules, whether signatures need a passkey, and how many different people each role
 * needs, bounded by the role's active holders in the project. The server
 * checks all of it again and names the field it refuses.
 */
export function SignoffPolicyFields({ prefix, environment, roles, errors, values }: Props) {
  return (
    <fieldset className="grid gap-3 rounded-md border border-border p-3">
      <legend className="px-1 text-sm font-medium">Separation of duties</legend>
      <div className="flex items-start gap-2">
        <Checkbox id={`${prefix}-creator`} name="creatorMayNotSign" value="true" defaultChecked={environment.creatorMayNotSign} />
        <Label htmlFor={`${prefix}-creator`} className="font-normal leading-snug">
          The release’s creator may not sign it
        </Label>
      </div>
      <div className="flex items-start gap-2">
        <Checkbox id={`${prefix}-ticker`} name="tickerMayNotSign" value="true" defaultChecked={environment.tickerMayNotSign} aria-describedby={`${prefix}-ticker-description`} />
        <div className="grid gap-0.5">
          <Label htmlFor={`${prefix}-ticker`} className="font-normal leading-snug">
            Whoever ticked an item may not sign a role covering it
          </Label>
          <p id={`${prefix}-ticker-description`} className="text-xs text-muted-foreground">
            When allowed, such a signature is shown as “signed own work”.
          </p>
        </div>
      </div>
      <div className="flex items-start gap-2">
        <Checkbox id={`${prefix}-passkey`} name="requirePasskey" value="true" defaultChecked={environment.requirePasskey} aria-describedby={`${prefix}-passkey-description`} />
        <div className="grid gap-0.5">
          <Label htmlFor={`${prefix}-passkey`} className="font-normal leading-snug">
            Signatures must be made with a passkey
          </Label>
          <p id={`${prefix}-passkey-description`} className="text-xs text-muted-foreground">
            A password confirmation is refused; each signature can be checked outside Countersign against the signer’s own key.
          </p>
        </div>
      </div>
      {roles.length > 0 ? (
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium">Signers needed per role</legend>
          <p className="text-xs text-muted-foreground">Different people who must each sign the role; at most its holders in this project.</p>
          <div className="grid items-start gap-x-4 gap-y-2 sm:grid-cols-2">
            {roles.map((role) => {
              const field = `quorum.${role.name}`;
              const typed = values?.[field];
              return (
                <FormField
                  key={role.name}
                  id={`${prefix}-quorum-${role.name.replace(/[^A-Za-z0-9]+/g, "-")}`}
                  label={role.name}
                  description={`${role.holders} ${role.holders === 1 ? "holder" : "holders"}`}
                  error={errors?.[`quorums.${role.name}`]?.[0]}
                >
                  <Input
                    name={field}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={Math.min(MAX_QUORUM, Math.max(1, role.holders))}
                    step={1}
                    className="w-24"
                    defaultValue={typeof typed === "string" ? typed : quorumOf(environment.quorums, role.name)}
                  />
                </FormField>
              );
            })}
          </div>
        </fieldset>
      ) : null}
    </fieldset>
  );
}
