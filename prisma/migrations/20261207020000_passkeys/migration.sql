-- Passkeys, and sign-offs signed with the signer's own passkey (issue 13,
-- docs/decisions/024).
--
-- A passkey is a WebAuthn credential a user registered on their profile: the
-- server keeps only its public key. A sign-off confirmed with a passkey keeps
-- the assertion (authenticator data, client data, signature) and a copy of the
-- public key it was made with, so it can be checked later without the app and
-- without the passkeys table (the key may be removed, the signature stays).

CREATE TABLE "passkeys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    -- The credential id, base64url as WebAuthn gives it.
    "credential_id" TEXT NOT NULL,
    -- The public key as registered (a COSE_Key), and the same key as a DER
    -- SubjectPublicKeyInfo: what openssl and the standalone verifier read.
    "public_key" BYTEA NOT NULL,
    "public_key_spki" BYTEA NOT NULL,
    -- COSE algorithm: -7 ES256 (ECDSA P-256, SHA-256), -8 EdDSA (Ed25519), -257 RS256.
    "algorithm" INTEGER NOT NULL,
    -- sha256 of public_key_spki, lower-case hex: the key's fingerprint.
    "fingerprint" CHAR(64) NOT NULL,
    -- The authenticator's signature counter at its last use (0: it keeps none).
    "counter" BIGINT NOT NULL DEFAULT 0,
    "transports" TEXT[] NOT NULL DEFAULT '{}',
    "name" TEXT NOT NULL,
    -- The relying party it was registered for (the host people open Countersign at).
    "rp_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    CONSTRAINT "passkeys_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "passkeys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "passkeys_name_length" CHECK (length("name") BETWEEN 1 AND 60),
    CONSTRAINT "passkeys_algorithm" CHECK ("algorithm" IN (-7, -8, -257)),
    CONSTRAINT "passkeys_counter_range" CHECK ("counter" BETWEEN 0 AND 4294967295)
);
CREATE UNIQUE INDEX "passkeys_credential_id_key" ON "passkeys"("credential_id");
CREATE INDEX "passkeys_user_id_idx" ON "passkeys"("user_id");

-- Registration challenges: random, short-lived, used once (deleted when used).
CREATE TABLE "webauthn_challenges" (
    "challenge" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "origin" TEXT NOT NULL,
    "rp_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "webauthn_challenges_pkey" PRIMARY KEY ("challenge"),
    CONSTRAINT "webauthn_challenges_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
);
CREATE INDEX "webauthn_challenges_user_id_idx" ON "webauthn_challenges"("user_id");

-- The passkey assertion a sign-off was signed with. Written once, with the
-- sign-off, in its transaction; never changed (the runtime role may only
-- read and insert). The challenge the passkey signed is not stored: it is
-- derived from the sign-off's own columns (docs/decisions/024).
CREATE TABLE "signoff_passkey_signatures" (
    "signoff_id" UUID NOT NULL,
    "credential_id" TEXT NOT NULL,
    "algorithm" INTEGER NOT NULL,
    -- The registered key, copied at signing: COSE and DER SubjectPublicKeyInfo.
    "public_key" BYTEA NOT NULL,
    "public_key_spki" BYTEA NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,
    "authenticator_data" BYTEA NOT NULL,
    "client_data_json" BYTEA NOT NULL,
    "signature" BYTEA NOT NULL,
    -- What the server expected when it accepted the assertion.
    "origin" TEXT NOT NULL,
    "rp_id" TEXT NOT NULL,
    "counter" BIGINT NOT NULL,
    CONSTRAINT "signoff_passkey_signatures_pkey" PRIMARY KEY ("signoff_id"),
    CONSTRAINT "signoff_passkey_signatures_signoff_id_fkey" FOREIGN KEY ("signoff_id") REFERENCES "signoffs"("id") ON DELETE RESTRICT,
    CONSTRAINT "signoff_passkey_signatures_algorithm" CHECK ("algorithm" IN (-7, -8, -257))
);

-- An environment may require every signature to be made with a passkey.
-- Off for every environment that exists: an upgrade does not change who may sign.
ALTER TABLE "environments" ADD COLUMN "require_passkey" BOOLEAN NOT NULL DEFAULT false;

GRANT SELECT, INSERT, UPDATE, DELETE ON "passkeys" TO countersign_runtime;
GRANT SELECT, INSERT, DELETE ON "webauthn_challenges" TO countersign_runtime;
GRANT SELECT, INSERT ON "signoff_passkey_signatures" TO countersign_runtime;
