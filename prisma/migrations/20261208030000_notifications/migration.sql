-- Notifications (issue 12, docs/decisions/025): the outbox, the deliveries of
-- every channel, the in-app inbox, preferences and the per-project reminder
-- interval. The job queue itself (graphile-worker's own schema
-- "graphile_worker") is installed by the migration step (lib/jobs/install.ts),
-- which also grants the runtime role what the worker needs.

-- One row per notifiable happening, written in the same transaction as the
-- audit event that caused it (lib/notifications/outbox.ts): a rolled-back
-- change leaves none. Reminders (no audit event) carry a dedupe key instead.
CREATE TABLE "notification_outbox" (
    "id" BIGSERIAL NOT NULL,
    -- The audit event type ("release.status_changed", ...) or "reminder" / "escalation".
    "kind" TEXT NOT NULL,
    -- The audit event that caused it (chain and sequence number), when there is one.
    "audit_chain" TEXT,
    "audit_seq" INTEGER,
    "project_id" UUID,
    "release_id" UUID,
    "actor_id" UUID,
    "payload" JSONB NOT NULL,
    "dedupe_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Set when the fan-out (who is told, on which channel) has run.
    "fanned_out_at" TIMESTAMPTZ(3),
    CONSTRAINT "notification_outbox_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notification_outbox_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE,
    CONSTRAINT "notification_outbox_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "notification_outbox_dedupe_key_key" ON "notification_outbox"("dedupe_key");
CREATE INDEX "notification_outbox_pending_idx" ON "notification_outbox"("created_at") WHERE "fanned_out_at" IS NULL;

-- The in-app inbox: one row per (happening, user).
CREATE TABLE "notifications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "outbox_id" BIGINT,
    "category" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    -- A path inside the app ("/p/mgit/releases/<id>?role=qa"), never an absolute URL.
    "path" TEXT NOT NULL,
    "release_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),
    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "notifications_outbox_id_fkey" FOREIGN KEY ("outbox_id") REFERENCES "notification_outbox"("id") ON DELETE SET NULL,
    CONSTRAINT "notifications_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE CASCADE,
    CONSTRAINT "notifications_path_relative" CHECK (left("path", 1) = '/' AND left("path", 2) <> '//')
);
CREATE UNIQUE INDEX "notifications_outbox_id_user_id_key" ON "notifications"("outbox_id", "user_id");
CREATE INDEX "notifications_user_id_created_at_idx" ON "notifications"("user_id", "created_at" DESC);
CREATE INDEX "notifications_unread_idx" ON "notifications"("user_id") WHERE "read_at" IS NULL;

-- One delivery per (recipient or target, channel) of a happening: email,
-- webhook, ... (lib/notifications/deliveries.ts). At least once: the
-- idempotency key is unique and travels with the message.
CREATE TABLE "deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "channel" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "outbox_id" BIGINT,
    "recipient_user_id" UUID,
    -- What a non-user delivery goes to (a webhook's id, ...).
    "target" TEXT,
    "category" TEXT,
    "project_id" UUID,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "response_code" INTEGER,
    "duration_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "deliveries_outbox_id_fkey" FOREIGN KEY ("outbox_id") REFERENCES "notification_outbox"("id") ON DELETE SET NULL,
    CONSTRAINT "deliveries_recipient_user_id_fkey" FOREIGN KEY ("recipient_user_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "deliveries_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE,
    CONSTRAINT "deliveries_status" CHECK ("status" IN ('pending', 'retrying', 'delivered', 'dead', 'cancelled')),
    CONSTRAINT "deliveries_to_someone" CHECK ("recipient_user_id" IS NOT NULL OR "target" IS NOT NULL),
    CONSTRAINT "deliveries_attempts" CHECK ("attempts" >= 0 AND "max_attempts" >= 1)
);
CREATE UNIQUE INDEX "deliveries_idempotency_key_key" ON "deliveries"("idempotency_key");
CREATE INDEX "deliveries_status_created_at_idx" ON "deliveries"("status", "created_at" DESC);
CREATE INDEX "deliveries_channel_target_idx" ON "deliveries"("channel", "target", "created_at" DESC);

-- A user's choices: a row per (category, channel) they changed; none = on.
CREATE TABLE "notification_preferences" (
    "user_id" UUID NOT NULL,
    "category" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("user_id", "category", "channel"),
    CONSTRAINT "notification_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
);

-- Email once a day (a digest) instead of one mail per notification.
ALTER TABLE "users" ADD COLUMN "email_digest" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "users" ADD COLUMN "digest_sent_at" TIMESTAMPTZ(3);

-- How long a role may keep a ready release waiting before it is reminded (default 4 h).
ALTER TABLE "projects" ADD COLUMN "reminder_interval_minutes" INTEGER NOT NULL DEFAULT 240;
ALTER TABLE "projects" ADD CONSTRAINT "projects_reminder_interval_range" CHECK ("reminder_interval_minutes" BETWEEN 15 AND 10080);

GRANT SELECT, INSERT, UPDATE ON "notification_outbox", "deliveries" TO countersign_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON "notifications", "notification_preferences" TO countersign_runtime;
GRANT USAGE ON SEQUENCE "notification_outbox_id_seq" TO countersign_runtime;
