-- Sessions ended by signing out (lib/auth/end-session.ts). Session cookies are
-- signed JWTs, valid until they expire; a row here makes the server refuse one
-- at once, even if a copy of the cookie comes back. Rows are purged once the
-- session could no longer be valid anyway (expires_at).

-- CreateTable
CREATE TABLE "ended_sessions" (
    "session_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "ended_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ended_sessions_pkey" PRIMARY KEY ("session_id")
);

-- CreateIndex
CREATE INDEX "ended_sessions_expires_at_idx" ON "ended_sessions"("expires_at");

-- AddForeignKey
ALTER TABLE "ended_sessions" ADD CONSTRAINT "ended_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The app inserts a row at sign-out and deletes rows that have expired.
GRANT SELECT, INSERT, DELETE ON "ended_sessions" TO countersign_runtime;
