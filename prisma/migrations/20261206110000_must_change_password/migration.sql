-- An admin's password reset (lib/users/reset-password.ts, `countersign user
-- password`) makes the user choose a new password at their next sign-in.
-- The runtime role already has SELECT and UPDATE on "users" (table grants
-- cover new columns), so no grant is needed.

-- AlterTable
ALTER TABLE "users" ADD COLUMN "must_change_password" BOOLEAN NOT NULL DEFAULT false;
