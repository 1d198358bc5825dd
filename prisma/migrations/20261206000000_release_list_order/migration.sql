-- The release list and the archive show open releases first (draft, in
-- progress, awaiting sign-off, approved), newest first within each group,
-- with the id as the tie-break (lib/releases/list-releases.ts, ADR 019). This
-- index holds exactly that order, so a page is read off the index in one
-- statement instead of paging open and closed releases with two queries.
-- The expression must stay identical to CLOSED_EXPRESSION in list-releases.ts
-- (an integration test checks that the planner uses it).
-- Prisma's schema language cannot express an expression index; it lives here only.
CREATE INDEX "releases_open_first_idx" ON "releases"(
  (status NOT IN ('draft', 'in_progress', 'awaiting_signoff', 'approved')),
  "created_at" DESC,
  "id" DESC
);
