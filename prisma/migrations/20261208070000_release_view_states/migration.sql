-- Which sections of a release page each user keeps open or closed (issue 17,
-- docs/decisions/028). A view preference, not release data: not audited, and
-- kept per user and release on the server so the page is rendered as the user
-- left it (closed sections render no rows) in every browser they use.
--
-- open_sections maps a section key of the release's checklist to true (open)
-- or false (closed); a section not named follows the page's default
-- (lib/releases/open-sections.ts).

CREATE TABLE "release_view_states" (
    "user_id" UUID NOT NULL,
    "release_id" UUID NOT NULL,
    "open_sections" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "release_view_states_pkey" PRIMARY KEY ("user_id", "release_id"),
    CONSTRAINT "release_view_states_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "release_view_states_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE CASCADE,
    CONSTRAINT "release_view_states_open_sections_object" CHECK (jsonb_typeof("open_sections") = 'object')
);
CREATE INDEX "release_view_states_release_id_idx" ON "release_view_states"("release_id");

GRANT SELECT, INSERT, UPDATE, DELETE ON "release_view_states" TO countersign_runtime;
