-- Environments and their gates, releases, item states, personal API tokens.


-- CreateEnum
CREATE TYPE "ReleaseStatus" AS ENUM ('draft', 'in_progress', 'awaiting_signoff', 'approved', 'deployed', 'rolled_back', 'cancelled');

-- CreateEnum
CREATE TYPE "ItemStatus" AS ENUM ('open', 'done', 'na', 'blocked');

-- CreateTable
CREATE TABLE "environments" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "allow_multiple_roles_per_signer" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "environments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "environment_gates" (
    "environment_id" UUID NOT NULL,
    "requires_id" UUID NOT NULL,

    CONSTRAINT "environment_gates_pkey" PRIMARY KEY ("environment_id","requires_id")
);

-- CreateTable
CREATE TABLE "releases" (
    "id" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "environment_id" UUID NOT NULL,
    "template_version_id" UUID NOT NULL,
    "status" "ReleaseStatus" NOT NULL DEFAULT 'draft',
    "contacts" JSONB NOT NULL DEFAULT '[]',
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "items_total" INTEGER NOT NULL DEFAULT 0,
    "items_done" INTEGER NOT NULL DEFAULT 0,
    "required_open" INTEGER NOT NULL DEFAULT 0,
    "blocked_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "releases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "item_states" (
    "release_id" UUID NOT NULL,
    "item_key" TEXT NOT NULL,
    "status" "ItemStatus" NOT NULL DEFAULT 'open',
    "reason" TEXT,
    "note" TEXT,
    "evidence_links" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "assignee_id" UUID,
    "required" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL,
    "updated_by_id" UUID,
    "updated_by_name" TEXT,
    "updated_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "item_states_pkey" PRIMARY KEY ("release_id","item_key")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "environments_key_key" ON "environments"("key");

-- CreateIndex
CREATE INDEX "releases_status_created_at_idx" ON "releases"("status", "created_at");

-- CreateIndex
CREATE INDEX "releases_environment_id_version_idx" ON "releases"("environment_id", "version");

-- CreateIndex
CREATE INDEX "releases_created_at_idx" ON "releases"("created_at");

-- CreateIndex
CREATE INDEX "item_states_assignee_id_idx" ON "item_states"("assignee_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- AddForeignKey
ALTER TABLE "environment_gates" ADD CONSTRAINT "environment_gates_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "releases" ADD CONSTRAINT "releases_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_states" ADD CONSTRAINT "item_states_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- References Prisma's schema does not model as relations.
ALTER TABLE "environment_gates" ADD CONSTRAINT "environment_gates_requires_id_fkey" FOREIGN KEY ("requires_id") REFERENCES "environments"("id") ON DELETE CASCADE;
ALTER TABLE "environment_gates" ADD CONSTRAINT "environment_gates_not_self" CHECK ("environment_id" <> "requires_id");
ALTER TABLE "releases" ADD CONSTRAINT "releases_template_version_id_fkey" FOREIGN KEY ("template_version_id") REFERENCES "template_versions"("id") ON DELETE RESTRICT;
ALTER TABLE "item_states" ADD CONSTRAINT "item_states_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE;
ALTER TABLE "item_states" ADD CONSTRAINT "item_states_reason_required" CHECK ("status" NOT IN ('na', 'blocked') OR length(coalesce("reason", '')) > 0);
ALTER TABLE "item_states" ADD CONSTRAINT "item_states_note_length" CHECK (length(coalesce("note", '')) <= 10000);
ALTER TABLE "item_states" ADD CONSTRAINT "item_states_evidence_count" CHECK (coalesce(array_length("evidence_links", 1), 0) <= 10);

-- One live release per version and environment (a cancelled one may be redone).
CREATE UNIQUE INDEX "releases_environment_version_live_key" ON "releases"("environment_id", "version") WHERE "status" <> 'cancelled';

-- Default environments: production requires the same version approved in staging.
INSERT INTO "environments" ("id", "key", "name", "position") VALUES
  ('00000000-0000-4000-8000-00000000e001', 'staging', 'Staging', 1),
  ('00000000-0000-4000-8000-00000000e002', 'production', 'Production', 2);
INSERT INTO "environment_gates" ("environment_id", "requires_id") VALUES
  ('00000000-0000-4000-8000-00000000e002', '00000000-0000-4000-8000-00000000e001');

GRANT SELECT, INSERT, UPDATE, DELETE ON "environments", "environment_gates" TO countersign_runtime;
GRANT SELECT, INSERT, UPDATE ON "releases", "item_states", "api_tokens" TO countersign_runtime;
