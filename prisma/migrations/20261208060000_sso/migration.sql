-- Company sign-in (OpenID Connect) and passkey sign-in (issue 13,
-- docs/decisions/027).
--
-- Accounts made at the first company sign-in have no password.
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;
-- Where the organisation role came from: set by hand (an admin, the CLI) or by
-- a group mapping at a company sign-in. Only a mapped role follows the provider.
ALTER TABLE "users" ADD COLUMN "app_role_source" TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE "users" ADD CONSTRAINT "users_app_role_source" CHECK ("app_role_source" IN ('manual', 'sso'));

-- The account at the identity provider a user signs in with: the ID token's
-- issuer and subject (never the email, which the provider may reassign).
CREATE TABLE "user_identities" (
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sign_in_at" TIMESTAMPTZ(3),
    CONSTRAINT "user_identities_pkey" PRIMARY KEY ("issuer", "subject"),
    CONSTRAINT "user_identities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "user_identities_user_id_issuer_key" ON "user_identities"("user_id", "issuer");

-- Where a project membership or sign-off role holding came from. A grant from
-- a group mapping ('sso') is re-read at each company sign-in and removed when
-- the group is gone; one given by hand ('manual') stays.
ALTER TABLE "project_members" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_source" CHECK ("source" IN ('manual', 'sso'));
ALTER TABLE "user_signoff_roles" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE "user_signoff_roles" ADD CONSTRAINT "user_signoff_roles_source" CHECK ("source" IN ('manual', 'sso'));

-- Group mappings: a group at the identity provider gives an organisation role,
-- and/or a project membership with its project role and a sign-off role held there.
CREATE TABLE "sso_group_mappings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "group_name" TEXT NOT NULL,
    "project_id" UUID,
    "project_role" "ProjectRole",
    "signoff_role_id" UUID,
    "org_role" "AppRole",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sso_group_mappings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sso_group_mappings_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE,
    CONSTRAINT "sso_group_mappings_signoff_role_id_fkey" FOREIGN KEY ("signoff_role_id") REFERENCES "signoff_roles"("id") ON DELETE RESTRICT,
    CONSTRAINT "sso_group_mappings_group_length" CHECK (length("group_name") BETWEEN 1 AND 256),
    CONSTRAINT "sso_group_mappings_grants_something" CHECK ("project_id" IS NOT NULL OR "org_role" IS NOT NULL),
    CONSTRAINT "sso_group_mappings_project_parts" CHECK (("project_id" IS NULL) = ("project_role" IS NULL) AND ("signoff_role_id" IS NULL OR "project_id" IS NOT NULL))
);
CREATE UNIQUE INDEX "sso_group_mappings_unique" ON "sso_group_mappings"("group_name", "project_id", "project_role", "signoff_role_id", "org_role") NULLS NOT DISTINCT;

-- A company sign-in's session: what re-checks it against the provider
-- (docs/decisions/027, "Leavers"). One row per Countersign session id.
CREATE TABLE "oidc_sessions" (
    "session_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "access_token" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_expires_at" TIMESTAMPTZ(3),
    "auth_time" TIMESTAMPTZ(3),
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "oidc_sessions_pkey" PRIMARY KEY ("session_id"),
    CONSTRAINT "oidc_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
);
CREATE INDEX "oidc_sessions_expires_at_idx" ON "oidc_sessions"("expires_at");
CREATE INDEX "oidc_sessions_user_id_idx" ON "oidc_sessions"("user_id");

-- How the signer confirmed a sign-off: password, passkey, or a fresh company
-- sign-in (oidc). Null for sign-offs made before (password, or passkey when a
-- passkey signature row exists).
ALTER TABLE "signoffs" ADD COLUMN "confirmed_with" TEXT;
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_confirmed_with" CHECK ("confirmed_with" IN ('password', 'passkey', 'oidc'));

-- Passkey sign-in: its challenges belong to no user yet (the passkey names the user).
ALTER TABLE "webauthn_challenges" ALTER COLUMN "user_id" DROP NOT NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON "user_identities" TO countersign_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON "sso_group_mappings" TO countersign_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON "oidc_sessions" TO countersign_runtime;
