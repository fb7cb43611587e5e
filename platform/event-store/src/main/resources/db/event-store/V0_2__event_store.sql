-- Append-only event streams: the source of truth of an event-sourced service.
CREATE TABLE event_store (
    global_position BIGSERIAL   PRIMARY KEY,
    stream_id       UUID        NOT NULL,
    stream_type     TEXT        NOT NULL,
    version         INT         NOT NULL CHECK (version > 0),
    event_id        UUID        NOT NULL UNIQUE,
    event_type      TEXT        NOT NULL,
    schema_version  INT         NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor           TEXT        NOT NULL,
    correlation_id  TEXT,
    payload         JSONB       NOT NULL,
    -- Optimistic concurrency: two writers appending the same version of a stream cannot both commit.
    CONSTRAINT event_store_stream_version UNIQUE (stream_id, version)
);
