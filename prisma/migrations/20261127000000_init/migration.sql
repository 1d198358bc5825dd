-- Countersign initial schema: users, application roles, sign-off roles,
-- sign-in throttling, and the least-privilege runtime role's grants.

-- The runtime role the app connects as (through a LOGIN member role).
-- Created here when the migrating role may create roles; otherwise an
-- operator creates it once beforehand (see docs/operations.md).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'countersign_runtime') THEN
    CREATE ROLE countersign_runtime NOLOGIN;
  END IF;
END
$$;


-- CreateEnum
CREATE TYPE "AppRole" AS ENUM ('admin', 'member', 'auditor');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "app_role" "AppRole" NOT NULL,
    "disabled_at" TIMESTAMPTZ(3),
    "session_version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signoff_roles" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signoff_roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_signoff_roles" (
    "user_id" UUID NOT NULL,
    "role_id" UUID NOT NULL,

    CONSTRAINT "user_signoff_roles_pkey" PRIMARY KEY ("user_id","role_id")
);

-- CreateTable
CREATE TABLE "sign_in_throttles" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "locked_until" TIMESTAMPTZ(3),

    CONSTRAINT "sign_in_throttles_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "signoff_roles_key_key" ON "signoff_roles"("key");

-- CreateIndex
CREATE UNIQUE INDEX "signoff_roles_name_key" ON "signoff_roles"("name");

-- AddForeignKey
ALTER TABLE "user_signoff_roles" ADD CONSTRAINT "user_signoff_roles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_signoff_roles" ADD CONSTRAINT "user_signoff_roles_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "signoff_roles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Emails are compared case-insensitively.
CREATE UNIQUE INDEX "users_email_lower_key" ON "users"(lower("email"));

-- Runtime grants: data access only, no DDL. Later migrations narrow this
-- for append-only tables.
GRANT USAGE ON SCHEMA public TO countersign_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON "users", "signoff_roles", "user_signoff_roles", "sign_in_throttles" TO countersign_runtime;
GRANT SELECT ON "_prisma_migrations" TO countersign_runtime;
