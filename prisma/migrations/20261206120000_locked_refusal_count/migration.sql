-- Sign-in attempts refused while a key is locked are counted here; only the
-- first of each lock window is an audit event, the count is one more when the
-- lock has ended (docs/decisions/017).
ALTER TABLE "sign_in_throttles" ADD COLUMN "refused_while_locked" INTEGER NOT NULL DEFAULT 0;
