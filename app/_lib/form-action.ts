import type { Action } from "@/lib/auth/action";
import type { ActionState } from "@/lib/auth/action-state";

/**
 * The one place HTML form conventions are decoded (docs/decisions/021): a
 * form's fields become the plain object the action's schema in lib/ takes.
 * `name[]` fields (checkbox groups, repeated rows) become a list under `name`;
 * every other field is its first value. Field-specific decoding (a checkbox's
 * "on", "" for "none", one link per line) is the `decode` a form passes.
 * Nothing here validates: the action does that, once.
 */

export type FormFields = Record<string, string | string[]>;

export function formFields(formData: FormData): FormFields {
  // No prototype: a field named __proto__ stays a field.
  const fields: FormFields = Object.create(null) as FormFields;
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = formData.getAll(key).map((value) => (typeof value === "string" ? value : value.name));
    if (key.endsWith("[]")) fields[key.slice(0, -2)] = values;
    else if (values[0] !== undefined) fields[key] = values[0];
  }
  return fields;
}

/** A form field as one string, or undefined (absent, or sent as a list). */
export function text(fields: FormFields, key: string): string | undefined {
  const value = fields[key];
  return typeof value === "string" ? value : undefined;
}

/** A form field as a list: absent is empty, one value is a list of one. */
export function list(fields: FormFields, key: string): string[] {
  const value = fields[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A checkbox: present ("on", or "true") is true; absent or "false" is false. */
export function checkbox(fields: FormFields, key: string): boolean {
  const value = text(fields, key);
  return value !== undefined && value !== "false";
}

/**
 * An action callable both ways: with the plain object its schema takes (client
 * code without a form element), or as `useActionState` calls a form's action,
 * `(previous, formData)`. The form signature is last, so `useActionState`
 * infers from it.
 */
export type FormAction<I, T> = {
  (input: I): Promise<ActionState<T>>;
  /** `previous` is unused: any earlier state may be passed. */
  (previous: ActionState, formData: FormData): Promise<ActionState<T>>;
};

/**
 * Adds the form signature to a validated action: the form is decoded into the
 * object the action takes (formFields, then the form's own `decode`). The
 * action's schema validates what comes out, so the decoded value is handed
 * over as the action's input type without being trusted.
 */
export function formAction<I, T>(action: Action<I, T>, decode: (fields: FormFields) => unknown = (fields) => fields): FormAction<I, T> {
  const call = action as Action<unknown, T>;
  return async (first: unknown, formData?: FormData): Promise<ActionState<T>> => call(formData instanceof FormData ? decode(formFields(formData)) : first);
}
