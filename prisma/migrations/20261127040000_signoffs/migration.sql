-- Sign-offs by role, bound to the hash of what they cover (docs/decisions/008-signoffs.md).


-- CreateEnum
CREATE TYPE "SignoffStatus" AS ENUM ('active', 'stale', 'revoked');

-- CreateTable
CREATE TABLE "signoffs" (
    "id" UUID NOT NULL,
    "release_id" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "signer_id" UUID NOT NULL,
    "printed_name" TEXT NOT NULL,
    "meaning" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "content_hash" CHAR(64) NOT NULL,
    "covered_items" TEXT[],
    "audit_seq" INTEGER NOT NULL,
    "audit_hash" CHAR(64) NOT NULL,
    "status" "SignoffStatus" NOT NULL DEFAULT 'active',
    "stale_at" TIMESTAMPTZ(3),
    "stale_reason" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    "revoke_reason" TEXT,

    CONSTRAINT "signoffs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "signoffs_release_id_idx" ON "signoffs"("release_id");


ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT;
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_signer_id_fkey" FOREIGN KEY ("signer_id") REFERENCES "users"("id") ON DELETE RESTRICT;
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_meaning_length" CHECK (length("meaning") BETWEEN 1 AND 500);
-- Exactly one live signature per role and release: two people signing the same role at once cannot both win.
CREATE UNIQUE INDEX "signoffs_release_role_active_key" ON "signoffs"("release_id", "role") WHERE "status" = 'active';

-- Signatures are never deleted; only their status moves (active -> stale | revoked).
GRANT SELECT, INSERT, UPDATE ON "signoffs" TO countersign_runtime;

-- How a release ended.
ALTER TABLE "releases" ADD COLUMN "outcome_reason" TEXT, ADD COLUMN "rollback_trigger" TEXT;
