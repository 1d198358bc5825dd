import type { ReactNode } from "react";
import { Slot } from "@radix-ui/react-slot";
import { Label } from "./label";
import { cn } from "./cn";

export type FormControlProps = {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
};

export type FormFieldProps = {
  /** Id of the control; the label's `htmlFor` and the message ids derive from it. */
  id: string;
  label: ReactNode;
  /** Helper text shown under the control. */
  description?: ReactNode;
  /** Validation message; rendered as `<p role="alert">` and linked via `aria-describedby`. */
  error?: string | null;
  /** Shows a visual required marker (still set `required` on the control itself). */
  required?: boolean;
  className?: string;
  /**
   * The control. A single element receives `id`, `aria-describedby` and `aria-invalid`
   * automatically; use a render function for composite controls (e.g. Radix Select trigger).
   */
  children: ReactNode | ((control: FormControlProps) => ReactNode);
};

export function formFieldIds(id: string) {
  return { errorId: `${id}-error`, descriptionId: `${id}-description` };
}

export function FormField({ id, label, description, error, required, className, children }: FormFieldProps) {
  const { errorId, descriptionId } = formFieldIds(id);
  const describedBy = [description ? descriptionId : null, error ? errorId : null].filter(Boolean).join(" ");
  const control: FormControlProps = {
    id,
    "aria-describedby": describedBy || undefined,
    "aria-invalid": error ? true : undefined,
  };

  return (
    <div data-slot="form-field" className={cn("grid gap-1.5", className)}>
      <Label htmlFor={id}>
        {label}
        {required ? (
          <span className="text-destructive" aria-hidden="true">
            *
          </span>
        ) : null}
      </Label>
      {typeof children === "function" ? children(control) : <Slot {...control}>{children}</Slot>}
      {description ? (
        <p id={descriptionId} className="text-sm text-muted-foreground">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
