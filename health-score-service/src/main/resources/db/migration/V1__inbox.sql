-- Every event health-score-service applied, as it arrived: the basis of as-of queries and re-scoring, so neither
-- needs the writers or Kafka's retention. The primary key makes applying an event id a second time impossible.
CREATE TABLE inbox (
    event_id     UUID        PRIMARY KEY,
    account_id   UUID        NOT NULL,
    topic        TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    kafka_partition INT      NOT NULL,
    kafka_offset BIGINT      NOT NULL,
    cloud_event  JSONB       NOT NULL
);
CREATE INDEX inbox_account_time ON inbox (account_id, occurred_at);
