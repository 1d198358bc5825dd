/** Limits the sign-off form shows in the browser; kept apart from the zod schema so the client bundle does not pull in zod. */
export const MAX_MEANING = 500;
