-- Projects (issue 11, docs/decisions/022): each product has its own
-- templates, environments and gates, releases, members, sign-off role holders
-- and tokens. Sign-off role NAMES stay organisation-wide (signoff_roles);
-- who HOLDS a role is per project (user_signoff_roles.project_id).
--
-- Upgrade without loss: every existing row moves into one project, key
-- `default` ("Default project"): members become its contributors, sign-off
-- role holders hold their roles there, admins stay admins, auditors stay
-- organisation-wide. No audit event is touched; the migration runner appends
-- one `project.upgraded` event recording what moved (lib/db/migrate.ts,
-- lib/projects/record-upgrade.ts), in this migration's transaction.

CREATE TYPE "ProjectRole" AS ENUM ('maintainer', 'contributor');

CREATE TABLE "projects" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "projects_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "projects_key_format" CHECK ("key" ~ '^[a-z0-9-]{2,40}$'),
    CONSTRAINT "projects_name_length" CHECK (length("name") BETWEEN 1 AND 100),
    CONSTRAINT "projects_description_length" CHECK (length("description") <= 2000)
);
CREATE UNIQUE INDEX "projects_key_key" ON "projects"("key");

-- The project every pre-projects row moves into; a fixed id so an upgraded
-- database and a fresh one name it alike.
INSERT INTO "projects" ("id", "key", "name", "description")
VALUES ('00000000-0000-4000-8000-0000000000d1', 'default', 'Default project', 'Everything created before projects existed.');

CREATE TABLE "project_members" (
    "project_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "ProjectRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "project_members_pkey" PRIMARY KEY ("project_id", "user_id"),
    CONSTRAINT "project_members_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE,
    CONSTRAINT "project_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
);
CREATE INDEX "project_members_user_id_idx" ON "project_members"("user_id");

-- An auditor with rows here reads only those projects; without, every project.
CREATE TABLE "auditor_projects" (
    "user_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    CONSTRAINT "auditor_projects_pkey" PRIMARY KEY ("user_id", "project_id"),
    CONSTRAINT "auditor_projects_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "auditor_projects_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE
);

-- Members become contributors of `default`. Admins and auditors who held a
-- sign-off role (possible before) become members too, so their holding keeps
-- a membership to hang on: admins as maintainers, auditors as contributors.
INSERT INTO "project_members" ("project_id", "user_id", "role")
SELECT '00000000-0000-4000-8000-0000000000d1', u.id,
       CASE WHEN u.app_role = 'admin' THEN 'maintainer'::"ProjectRole" ELSE 'contributor'::"ProjectRole" END
FROM "users" u
WHERE u.app_role = 'member'
   OR EXISTS (SELECT 1 FROM "user_signoff_roles" ur WHERE ur.user_id = u.id);

-- Sign-off role holders: per project, and only members may hold a role there.
ALTER TABLE "user_signoff_roles" ADD COLUMN "project_id" UUID;
UPDATE "user_signoff_roles" SET "project_id" = '00000000-0000-4000-8000-0000000000d1';
ALTER TABLE "user_signoff_roles" ALTER COLUMN "project_id" SET NOT NULL;
ALTER TABLE "user_signoff_roles" DROP CONSTRAINT "user_signoff_roles_pkey";
ALTER TABLE "user_signoff_roles" ADD CONSTRAINT "user_signoff_roles_pkey" PRIMARY KEY ("project_id", "user_id", "role_id");
ALTER TABLE "user_signoff_roles" ADD CONSTRAINT "user_signoff_roles_member_fkey"
    FOREIGN KEY ("project_id", "user_id") REFERENCES "project_members"("project_id", "user_id") ON DELETE CASCADE;
CREATE INDEX "user_signoff_roles_user_id_idx" ON "user_signoff_roles"("user_id");

-- Environments belong to a project; keys are unique within it.
ALTER TABLE "environments" ADD COLUMN "project_id" UUID;
UPDATE "environments" SET "project_id" = '00000000-0000-4000-8000-0000000000d1';
ALTER TABLE "environments" ALTER COLUMN "project_id" SET NOT NULL;
ALTER TABLE "environments" ADD CONSTRAINT "environments_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT;
DROP INDEX "environments_key_key";
CREATE UNIQUE INDEX "environments_project_id_key_key" ON "environments"("project_id", "key");
-- Target of the composite keys below: a gate or release can only name an environment of its own project.
CREATE UNIQUE INDEX "environments_project_id_id_key" ON "environments"("project_id", "id");

-- Separation of duties, per environment (lib/signoffs/can-sign.ts). Upgraded
-- environments keep their behaviour (both off); new environments named
-- production get creator_may_not_sign on (lib/environments/save-environment.ts).
ALTER TABLE "environments" ADD COLUMN "creator_may_not_sign" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "environments" ADD COLUMN "ticker_may_not_sign" BOOLEAN NOT NULL DEFAULT false;

-- A role may need N distinct signers in an environment (default 1: no row).
CREATE TABLE "environment_role_quorums" (
    "environment_id" UUID NOT NULL,
    "role_id" UUID NOT NULL,
    "quorum" INTEGER NOT NULL,
    CONSTRAINT "environment_role_quorums_pkey" PRIMARY KEY ("environment_id", "role_id"),
    CONSTRAINT "environment_role_quorums_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE CASCADE,
    CONSTRAINT "environment_role_quorums_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "signoff_roles"("id") ON DELETE RESTRICT,
    CONSTRAINT "environment_role_quorums_quorum_range" CHECK ("quorum" BETWEEN 1 AND 100)
);

-- Gates stay inside one project.
ALTER TABLE "environment_gates" ADD COLUMN "project_id" UUID;
UPDATE "environment_gates" SET "project_id" = '00000000-0000-4000-8000-0000000000d1';
ALTER TABLE "environment_gates" ALTER COLUMN "project_id" SET NOT NULL;
ALTER TABLE "environment_gates" ADD CONSTRAINT "environment_gates_same_project_environment_fkey"
    FOREIGN KEY ("project_id", "environment_id") REFERENCES "environments"("project_id", "id") ON DELETE CASCADE;
ALTER TABLE "environment_gates" ADD CONSTRAINT "environment_gates_same_project_requires_fkey"
    FOREIGN KEY ("project_id", "requires_id") REFERENCES "environments"("project_id", "id") ON DELETE CASCADE;

-- Templates belong to a project; names are unique within it whatever their case.
ALTER TABLE "templates" ADD COLUMN "project_id" UUID;
UPDATE "templates" SET "project_id" = '00000000-0000-4000-8000-0000000000d1';
ALTER TABLE "templates" ALTER COLUMN "project_id" SET NOT NULL;
ALTER TABLE "templates" ADD CONSTRAINT "templates_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT;
DROP INDEX "templates_name_lower_key";
CREATE UNIQUE INDEX "templates_project_id_name_lower_key" ON "templates"("project_id", lower("name"));

-- Releases carry their project (release identity: project + version +
-- environment); the composite key keeps it equal to the environment's.
ALTER TABLE "releases" ADD COLUMN "project_id" UUID;
UPDATE "releases" SET "project_id" = '00000000-0000-4000-8000-0000000000d1';
ALTER TABLE "releases" ALTER COLUMN "project_id" SET NOT NULL;
ALTER TABLE "releases" ADD CONSTRAINT "releases_project_environment_fkey"
    FOREIGN KEY ("project_id", "environment_id") REFERENCES "environments"("project_id", "id") ON DELETE RESTRICT;
-- The list's open-first order within a project (the org-wide one stays for admins and auditors).
CREATE INDEX "releases_project_open_first_idx" ON "releases"(
  "project_id",
  (status NOT IN ('draft', 'in_progress', 'awaiting_signoff', 'approved')),
  "created_at" DESC,
  "id" DESC
);

-- API tokens: scoped to one project (project_id) or to all the owner's
-- projects (NULL), and to named scopes. A project token has no owner
-- (user_id NULL): it belongs to its project. Existing tokens keep every scope.
ALTER TABLE "api_tokens" ADD COLUMN "project_id" UUID;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE;
ALTER TABLE "api_tokens" ADD COLUMN "scopes" TEXT[] NOT NULL DEFAULT ARRAY['releases:read', 'releases:write', 'items:write']::TEXT[];
ALTER TABLE "api_tokens" ADD COLUMN "created_by_id" UUID;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL;
UPDATE "api_tokens" SET "created_by_id" = "user_id";
ALTER TABLE "api_tokens" ALTER COLUMN "user_id" DROP NOT NULL;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_owner" CHECK ("user_id" IS NOT NULL OR "project_id" IS NOT NULL);
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_scopes_known"
    CHECK ("scopes" <@ ARRAY['releases:read', 'releases:write', 'items:write']::TEXT[] AND cardinality("scopes") >= 1);
ALTER TABLE "api_tokens" ALTER COLUMN "scopes" DROP DEFAULT;
CREATE INDEX "api_tokens_project_id_idx" ON "api_tokens"("project_id");

-- Cached token lookups and sessions hold memberships now: announce their changes (20261206010000).
CREATE OR REPLACE FUNCTION "countersign_notify_auth_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  subject text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    subject := '*';
  ELSIF TG_TABLE_NAME = 'users' THEN
    subject := COALESCE(NEW.id, OLD.id)::text;
  ELSIF TG_TABLE_NAME IN ('user_signoff_roles', 'project_members', 'auditor_projects') THEN
    subject := COALESCE(NEW.user_id, OLD.user_id)::text;
  ELSIF TG_TABLE_NAME = 'api_tokens' THEN
    subject := COALESCE(COALESCE(NEW.user_id, OLD.user_id)::text, '*');
  ELSE
    subject := '*';
  END IF;
  PERFORM pg_notify('countersign_auth', subject);
  RETURN NULL;
END;
$$;
DROP TRIGGER "api_tokens_auth_change" ON "api_tokens";
CREATE TRIGGER "api_tokens_auth_change" AFTER UPDATE OF "revoked_at", "user_id", "token_hash", "project_id", "scopes" ON "api_tokens"
    FOR EACH ROW EXECUTE FUNCTION "countersign_notify_auth_change"();
CREATE TRIGGER "project_members_auth_change" AFTER INSERT OR UPDATE OR DELETE ON "project_members"
    FOR EACH ROW EXECUTE FUNCTION "countersign_notify_auth_change"();
CREATE TRIGGER "auditor_projects_auth_change" AFTER INSERT OR UPDATE OR DELETE ON "auditor_projects"
    FOR EACH ROW EXECUTE FUNCTION "countersign_notify_auth_change"();
CREATE TRIGGER "projects_auth_change" AFTER UPDATE OF "key", "name" OR DELETE ON "projects"
    FOR EACH ROW EXECUTE FUNCTION "countersign_notify_auth_change"();
CREATE TRIGGER "auth_truncate" AFTER TRUNCATE ON "project_members" FOR EACH STATEMENT EXECUTE FUNCTION "countersign_notify_auth_change"();
CREATE TRIGGER "auth_truncate" AFTER TRUNCATE ON "auditor_projects" FOR EACH STATEMENT EXECUTE FUNCTION "countersign_notify_auth_change"();

GRANT SELECT, INSERT, UPDATE ON "projects" TO countersign_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON "project_members", "auditor_projects", "environment_role_quorums" TO countersign_runtime;
