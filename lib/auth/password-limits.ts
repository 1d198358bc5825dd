/**
 * The length bounds of a chosen password, in a module without server code so
 * forms can show the same figures the policy enforces (lib/auth/password-policy.ts).
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
