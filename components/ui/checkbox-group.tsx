import type { ReactNode } from "react";
import { Checkbox } from "./checkbox";
import { Label } from "./label";

export type CheckboxOption = { value: string; label: ReactNode };

/**
 * A fieldset of checkboxes sent as one list (`name`, e.g. "scopes[]"), with
 * its legend and the server's message for the field under them.
 */
export function CheckboxGroup({ legend, name, idPrefix, options, isChecked, error }: { legend: string; name: string; idPrefix: string; options: CheckboxOption[]; isChecked: (value: string) => boolean; error?: string }) {
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {options.map((option) => (
        <div key={option.value} className="flex items-start gap-2">
          <Checkbox id={`${idPrefix}-${option.value}`} name={name} value={option.value} defaultChecked={isChecked(option.value)} className="mt-0.5" />
          <Label htmlFor={`${idPrefix}-${option.value}`} className="font-normal">
            {option.label}
          </Label>
        </div>
      ))}
      {error ? (
        <p role="alert" className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
