-- The transactional outbox: a row per record to publish, written in the same transaction as the state change it
-- announces. The relay publishes in (transaction_id, position) order and only rows of transactions older than every
-- transaction still running, so a transaction that commits late is never skipped by the checkpoint.
CREATE TABLE outbox (
    position       BIGSERIAL   PRIMARY KEY,
    transaction_id xid8        NOT NULL DEFAULT pg_current_xact_id(),
    topic          TEXT        NOT NULL,
    record_key     TEXT        NOT NULL,
    headers        JSONB       NOT NULL DEFAULT '{}'::jsonb,
    payload        TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX outbox_publication_order ON outbox (transaction_id, position);

-- Where the relay stands: the (transaction_id, position) of the last record the broker acknowledged.
CREATE TABLE outbox_checkpoint (
    relay          TEXT        PRIMARY KEY,
    transaction_id xid8        NOT NULL,
    position       BIGINT      NOT NULL,
    published      BIGINT      NOT NULL DEFAULT 0,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
