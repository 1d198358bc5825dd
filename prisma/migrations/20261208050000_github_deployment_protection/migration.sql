-- GitHub custom deployment protection rule (issue 12, docs/decisions/026).
--
-- A GitHub repository is linked to one Countersign project; GitHub asks
-- whether a workflow job may deploy to one of its environments, and
-- Countersign answers through GitHub's API (approved or rejected) once the
-- release of that version in that environment is approved, or refused.

CREATE TABLE "github_repositories" (
    -- owner/name, lower case (GitHub's names are case-insensitive).
    "full_name" TEXT NOT NULL,
    "project_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "github_repositories_pkey" PRIMARY KEY ("full_name"),
    CONSTRAINT "github_repositories_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE,
    CONSTRAINT "github_repositories_full_name_form" CHECK ("full_name" ~ '^[a-z0-9_.-]+/[a-z0-9_.-]+$')
);
CREATE INDEX "github_repositories_project_id_idx" ON "github_repositories"("project_id");

-- One row per request GitHub sent: what it asked, and how (and whether) it was answered.
-- project_id is null for a repository linked to no project (answered "rejected", saying so);
-- version is '' when the deployment's ref names no version (also rejected, saying so).
CREATE TABLE "github_deployment_reviews" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID,
    "repository" TEXT NOT NULL,
    -- GitHub's environment name (sent back as environment_name), and the Countersign environment key it maps to.
    "environment_name" TEXT NOT NULL,
    "environment_key" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "sha" TEXT NOT NULL DEFAULT '',
    "callback_url" TEXT NOT NULL,
    "installation_id" BIGINT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    -- The comment sent with the answer (or the last status report while pending).
    "comment" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "github_deployment_reviews_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "github_deployment_reviews_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE,
    CONSTRAINT "github_deployment_reviews_state" CHECK ("state" IN ('pending', 'approved', 'rejected'))
);
-- GitHub redelivers a webhook with the same callback: one review per job and environment.
CREATE UNIQUE INDEX "github_deployment_reviews_callback_key" ON "github_deployment_reviews"("callback_url", "environment_name");
CREATE INDEX "github_deployment_reviews_pending_idx" ON "github_deployment_reviews"("project_id", "version") WHERE "state" = 'pending';

GRANT SELECT, INSERT, UPDATE, DELETE ON "github_repositories" TO countersign_runtime;
GRANT SELECT, INSERT, UPDATE ON "github_deployment_reviews" TO countersign_runtime;
