-- The auditor's archive filters releases by the role or the printed name of
-- their signatures (lib/releases/list-releases.ts, an EXISTS semi-join). Rows
-- of signoffs are wide (covered_items), so a sequential scan read the whole
-- table (145 MB at 74 k sign-offs, ~60 ms per query); these narrow indexes
-- answer both filters with index-only scans (README "Performance").

-- CreateIndex
CREATE INDEX "signoffs_role_release_id_idx" ON "signoffs"("role", "release_id");

-- CreateIndex
CREATE INDEX "signoffs_printed_name_release_id_idx" ON "signoffs"("printed_name", "release_id");
