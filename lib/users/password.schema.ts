import { z } from "zod";
import { newPasswordField, PASSWORD_MAX } from "../auth/password-policy";
import { idField } from "../http/parse-id";

/** The profile's change-password form. */
export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ message: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(PASSWORD_MAX, "The current password is incorrect."),
    newPassword: newPasswordField("New password"),
    confirmPassword: z.string({ message: "Repeat the new password." }).min(1, "Repeat the new password."),
  })
  .superRefine((input, context) => {
    if (input.confirmPassword !== input.newPassword) {
      context.addIssue({ code: "custom", path: ["confirmPassword"], message: "The repeated password is not the same as the new password." });
    }
    if (input.newPassword === input.currentPassword) {
      context.addIssue({ code: "custom", path: ["newPassword"], message: "New password must differ from the current one." });
    }
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

/** An admin's reset: a temporary password the user must replace at their next sign-in. */
export const resetPasswordSchema = z.object({
  userId: idField("Unknown user."),
  password: newPasswordField("Temporary password"),
});
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;
