-- A key belongs to the caller that sent it (its token's subject): the same key from another caller is another request
-- and never gets the first one's answer. Keys stored before this have no caller and are replayed to nobody; they are
-- forgotten within api.idempotency.retention anyway.
ALTER TABLE idempotency_key ADD COLUMN caller TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_key ALTER COLUMN caller DROP DEFAULT;
ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pkey;
ALTER TABLE idempotency_key ADD PRIMARY KEY (caller, scope, idempotency_key);
