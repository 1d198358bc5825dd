-- Webhooks per project (issue 12, docs/decisions/026): a maintainer's URL that
-- receives the project's events, signed per the Standard Webhooks
-- specification. Each message is a delivery of notify's queue (channel
-- "webhook", migration 20261208030000): status, response code, duration, retries.
CREATE TABLE "webhooks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    -- Event types it receives (lib/webhooks/webhook-events.ts); empty: every type.
    "events" TEXT[] NOT NULL DEFAULT '{}',
    -- standard: Standard Webhooks JSON; slack: {"text": …} for Slack or Mattermost incoming webhooks.
    "format" TEXT NOT NULL DEFAULT 'standard',
    -- whsec_<base64>: the HMAC key signatures are made with (kept to sign; shown once when made).
    "secret" TEXT NOT NULL,
    -- After a rotation, the previous secret still signs until this moment (both signatures are sent).
    "previous_secret" TEXT,
    "previous_secret_expires_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhooks_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE,
    CONSTRAINT "webhooks_format" CHECK ("format" IN ('standard', 'slack')),
    CONSTRAINT "webhooks_url_length" CHECK (length("url") BETWEEN 8 AND 2000),
    CONSTRAINT "webhooks_description_length" CHECK (length("description") <= 200),
    CONSTRAINT "webhooks_secret_form" CHECK ("secret" LIKE 'whsec\_%')
);
CREATE INDEX "webhooks_project_id_idx" ON "webhooks"("project_id");

GRANT SELECT, INSERT, UPDATE, DELETE ON "webhooks" TO countersign_runtime;

