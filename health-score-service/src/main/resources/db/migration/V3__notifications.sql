-- Sales leaders' subscriptions to alerts: which accounts (teams, tiers, minimum ARR), which alert types, and where to.
-- The webhook secret is kept to sign each delivery; it is shown once, at creation or rotation, and never read back.
CREATE TABLE notification_subscription (
    subscription_id UUID        PRIMARY KEY,
    leader_id       TEXT        NOT NULL,
    leader_name     TEXT        NOT NULL,
    team_ids        TEXT[]      NOT NULL,
    tiers           TEXT[]      NOT NULL,
    min_arr         NUMERIC(18, 2),
    min_arr_currency TEXT,
    alert_types     TEXT[]      NOT NULL,
    channel         TEXT        NOT NULL,
    target          TEXT        NOT NULL,
    secret          TEXT,
    digest          TEXT        NOT NULL,
    last_digest_at  TIMESTAMPTZ NOT NULL,
    created_by      TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    version         INT         NOT NULL,
    deleted_at      TIMESTAMPTZ
);
CREATE INDEX notification_subscription_active ON notification_subscription (deleted_at) WHERE deleted_at IS NULL;

-- One row per (alert, subscription) or (digest period, subscription), created in the transaction that raised the alert
-- (or composed the digest): what is to be sent is never lost, and the unique keys make it one notification each.
-- SUPPRESSED rows say why nothing was sent (snoozed, cool-down), so a leader's "why was I not told?" has an answer.
CREATE TABLE notification_delivery (
    delivery_id     UUID        PRIMARY KEY,
    subscription_id UUID        NOT NULL REFERENCES notification_subscription (subscription_id),
    kind            TEXT        NOT NULL,
    alert_id        UUID        REFERENCES alert (alert_id),
    account_id      UUID,
    alert_type      TEXT,
    -- What the cool-down compares a delivery with (the alert type; for a competitive gap, with the competitor).
    noise_key       TEXT,
    severity        INT,
    digest_period_end TIMESTAMPTZ,
    digest          JSONB,
    team_id         TEXT,
    status          TEXT        NOT NULL,
    status_reason   TEXT,
    attempts        INT         NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ,
    give_up_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ,
    CONSTRAINT delivery_once_per_alert UNIQUE (alert_id, subscription_id),
    CONSTRAINT delivery_once_per_digest UNIQUE (digest_period_end, subscription_id)
);
CREATE INDEX notification_delivery_due ON notification_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX notification_delivery_last ON notification_delivery (subscription_id, account_id, noise_key, created_at);

-- Every attempt to send a delivery and how it went.
CREATE TABLE notification_attempt (
    delivery_id UUID        NOT NULL REFERENCES notification_delivery (delivery_id),
    attempt     INT         NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    duration_ms BIGINT      NOT NULL,
    succeeded   BOOLEAN     NOT NULL,
    outcome     TEXT        NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- An account (or one alert type on it) snoozed until a moment, with the reason: alerts are still raised and recorded,
-- but no leader is notified of them.
CREATE TABLE notification_snooze (
    snooze_id   UUID        PRIMARY KEY,
    account_id  UUID        NOT NULL,
    alert_type  TEXT,
    until       TIMESTAMPTZ NOT NULL,
    reason      TEXT        NOT NULL,
    team_id     TEXT,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX notification_snooze_account ON notification_snooze (account_id, until);
