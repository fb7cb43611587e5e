-- A retried POST with the same Idempotency-Key gets the first answer back and changes nothing.
-- Keys are kept at least 24 hours (api.idempotency.retention).
CREATE TABLE idempotency_key (
    idempotency_key TEXT        NOT NULL,
    scope           TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    status          INT         NOT NULL,
    response_body   TEXT,
    response_headers JSONB      NOT NULL DEFAULT '{}'::jsonb,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
