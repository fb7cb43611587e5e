-- One data key per subject of personal data: a person ('contact:<id>') or a month of free text ('text:2026-12').
-- Personal fields in events are sealed under these keys; destroying a key (erasure, retention) makes every copy of
-- what it sealed unreadable, in the event store, in topics and in consumers, without touching an event.
CREATE TABLE personal_data_key (
    subject           TEXT        PRIMARY KEY,
    -- The data key encrypted (AES-GCM) under the master key named by master_key_id; null once destroyed.
    wrapped_key       BYTEA,
    master_key_id     TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    destroyed_at      TIMESTAMPTZ,
    destroyed_because TEXT,
    CONSTRAINT personal_data_key_alive_or_destroyed CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);
