-- API token lookups are cached per app instance for a few seconds
-- (lib/tokens/token-cache.ts, ADR 019). Every change that can alter what a
-- token lookup answers is announced on the channel `countersign_auth` by the
-- database itself, from whichever process made it (an app instance, the CLI,
-- plain SQL): a token revoked, deleted or moved; a user disabled, deleted, or
-- with a new name, email, app role or session version; a user's sign-off
-- roles; a sign-off role renamed or deleted; any of these tables truncated. NOTIFY inside the writing
-- transaction is delivered only if it commits, and at commit. The payload is
-- the user's id, or '*' when many users may be affected.

CREATE FUNCTION "countersign_notify_auth_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  subject text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    subject := '*';
  ELSIF TG_TABLE_NAME = 'users' THEN
    subject := COALESCE(NEW.id, OLD.id)::text;
  ELSIF TG_TABLE_NAME IN ('api_tokens', 'user_signoff_roles') THEN
    subject := COALESCE(NEW.user_id, OLD.user_id)::text;
  ELSE
    subject := '*';
  END IF;
  PERFORM pg_notify('countersign_auth', subject);
  RETURN NULL;
END;
$$;

-- last_used_at changes on use and is not announced.
CREATE TRIGGER "api_tokens_auth_change" AFTER UPDATE OF "revoked_at", "user_id", "token_hash" ON "api_tokens"
  FOR EACH ROW WHEN (OLD."revoked_at" IS DISTINCT FROM NEW."revoked_at" OR OLD."user_id" IS DISTINCT FROM NEW."user_id" OR OLD."token_hash" IS DISTINCT FROM NEW."token_hash")
  EXECUTE FUNCTION "countersign_notify_auth_change"();
CREATE TRIGGER "api_tokens_auth_delete" AFTER DELETE ON "api_tokens"
  FOR EACH ROW EXECUTE FUNCTION "countersign_notify_auth_change"();

CREATE TRIGGER "users_auth_change" AFTER UPDATE ON "users"
  FOR EACH ROW WHEN (
    OLD."disabled_at" IS DISTINCT FROM NEW."disabled_at" OR OLD."app_role" IS DISTINCT FROM NEW."app_role"
    OR OLD."session_version" IS DISTINCT FROM NEW."session_version" OR OLD."name" IS DISTINCT FROM NEW."name"
    OR OLD."email" IS DISTINCT FROM NEW."email"
  )
  EXECUTE FUNCTION "countersign_notify_auth_change"();
CREATE TRIGGER "users_auth_delete" AFTER DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION "countersign_notify_auth_change"();

CREATE TRIGGER "user_signoff_roles_auth_change" AFTER INSERT OR UPDATE OR DELETE ON "user_signoff_roles"
  FOR EACH ROW EXECUTE FUNCTION "countersign_notify_auth_change"();

CREATE TRIGGER "signoff_roles_auth_change" AFTER UPDATE OR DELETE ON "signoff_roles"
  FOR EACH ROW EXECUTE FUNCTION "countersign_notify_auth_change"();

CREATE TRIGGER "auth_truncate" AFTER TRUNCATE ON "api_tokens" FOR EACH STATEMENT EXECUTE FUNCTION "countersign_notify_auth_change"();
CREATE TRIGGER "auth_truncate" AFTER TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "countersign_notify_auth_change"();
CREATE TRIGGER "auth_truncate" AFTER TRUNCATE ON "user_signoff_roles" FOR EACH STATEMENT EXECUTE FUNCTION "countersign_notify_auth_change"();
CREATE TRIGGER "auth_truncate" AFTER TRUNCATE ON "signoff_roles" FOR EACH STATEMENT EXECUTE FUNCTION "countersign_notify_auth_change"();
