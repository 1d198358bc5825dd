-- The health dashboard's "waiting per sign-off role" figure
-- (lib/insights/signoff-wait.ts) took 1.8 s on the benchmark's data:
-- 660 ms fetching 39 k status-change events from the heap to keep the 9 k that
-- moved a release to awaiting sign-off, and 1 s of index lookups into the wide
-- signoffs rows. Both become index-only scans: 211 ms (README "Performance").

-- A small partial index: only the events that made a release ready for sign-off.
-- Prisma's schema language cannot express a partial index; it lives here only.
CREATE INDEX "audit_events_ready_for_signoff_idx" ON "audit_events"("occurred_at", "chain")
  WHERE "type" = 'release.status_changed' AND ("data" -> 'after' ->> 'status') = 'awaiting_signoff';

-- The release's signatures with their role and time; replaces the index on release_id alone
-- (it still serves the foreign key and every lookup by release).
DROP INDEX "signoffs_release_id_idx";
CREATE INDEX "signoffs_release_id_role_signed_at_idx" ON "signoffs"("release_id", "role", "signed_at");
