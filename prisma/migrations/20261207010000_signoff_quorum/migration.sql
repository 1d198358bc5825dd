-- Separation of duties and quorum (issue 11, docs/decisions/023).
--
-- A role may need N distinct signers (environment_role_quorums, 20261207000000),
-- so a role can hold several live signatures at once: one per person. The
-- quorum itself is checked under the release's row lock by the sign-off use
-- case (lib/signoffs/sign-off.ts); this index keeps one person from holding
-- two live signatures for the same role, whatever happens above it.
DROP INDEX "signoffs_release_role_active_key";
CREATE UNIQUE INDEX "signoffs_release_role_signer_active_key" ON "signoffs"("release_id", "role", "signer_id") WHERE "status" = 'active';

-- The signer had ticked (marked done or N/A) an item the role covers, in an
-- environment that allows it: shown as "signed own work" on the panel, the
-- certificate and the export. Frozen at signing, like the rest of the row;
-- signatures made before this migration had no such check (false).
ALTER TABLE "signoffs" ADD COLUMN "signed_own_work" BOOLEAN NOT NULL DEFAULT false;
