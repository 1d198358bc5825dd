"use client";

import { type FormEvent, startTransition } from "react";

/**
 * An onSubmit that runs a form's action without React's automatic form reset
 * afterwards, which would put controlled <select>s back to their first option
 * while React still thinks they hold the chosen value.
 */
export function submitKeepingValues(action: (formData: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => action(formData));
  };
}
