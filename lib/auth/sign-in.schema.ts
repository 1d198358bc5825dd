import { z } from "zod";
import { PASSWORD_MAX } from "./password-policy";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email.").max(254, "Email or password is incorrect.").email("Enter a valid email address."),
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX, "Email or password is incorrect."),
});
export type SignInInput = z.infer<typeof signInSchema>;
