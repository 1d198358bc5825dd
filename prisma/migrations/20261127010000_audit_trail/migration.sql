-- Append-only, hash-chained audit trail (docs/decisions/005-audit-trail.md).

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "chain" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "actor" JSONB NOT NULL,
    "subject" JSONB NOT NULL,
    "data" JSONB NOT NULL,
    "origin" JSONB NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("chain","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_id_key" ON "audit_events"("id");

-- CreateIndex
CREATE INDEX "audit_events_type_occurred_at_idx" ON "audit_events"("type", "occurred_at");

-- CreateIndex
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"("occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_chain_prev_hash_key" ON "audit_events"("chain", "prev_hash");


-- A chain's sequence starts at 1 and every event links to its predecessor;
-- (chain, seq) and (chain, prev_hash) being unique make a fork impossible
-- even if a writer forgot the chain's lock.
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_seq_positive" CHECK ("seq" >= 1);
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_hash_format" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$');
CREATE INDEX "audit_events_actor_id_idx" ON "audit_events" ((actor->>'id'), "occurred_at");

-- Immutability for every role, the owner included. ENABLE ALWAYS makes the
-- triggers fire under session_replication_role = replica as well.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_no_update_delete
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
ALTER TABLE "audit_events" ENABLE ALWAYS TRIGGER audit_events_no_update_delete;
ALTER TABLE "audit_events" ENABLE ALWAYS TRIGGER audit_events_no_truncate;

-- The runtime role may read and append, nothing else.
REVOKE ALL ON "audit_events" FROM countersign_runtime;
GRANT SELECT, INSERT ON "audit_events" TO countersign_runtime;
GRANT USAGE ON SEQUENCE "audit_events_id_seq" TO countersign_runtime;
