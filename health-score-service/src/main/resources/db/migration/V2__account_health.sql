-- Each account's current health (the last evaluation), with the columns lists filter and sort on.
CREATE TABLE account_health (
    account_id     UUID        PRIMARY KEY,
    name           TEXT,
    team_id        TEXT,
    owner_id       TEXT,
    tier           TEXT,
    arr            NUMERIC(18, 2),
    currency       TEXT,
    score          INT,
    status         TEXT        NOT NULL,
    model_version  TEXT        NOT NULL,
    evaluated_at   TIMESTAMPTZ NOT NULL,
    health         JSONB       NOT NULL
);
CREATE INDEX account_health_status ON account_health (status, score);
CREATE INDEX account_health_team ON account_health (team_id, status);
CREATE INDEX account_health_owner ON account_health (owner_id, status);

-- A row per change of score or status: what each component moved by, and what caused it (events or elapsed time),
-- so "why did this account drop 12 points?" has an answer.
CREATE TABLE health_history (
    id              BIGSERIAL   PRIMARY KEY,
    account_id      UUID        NOT NULL,
    evaluated_at    TIMESTAMPTZ NOT NULL,
    model_version   TEXT        NOT NULL,
    score           INT,
    previous_score  INT,
    status          TEXT        NOT NULL,
    previous_status TEXT,
    component_deltas JSONB      NOT NULL,
    cause           JSONB       NOT NULL
);
CREATE INDEX health_history_account ON health_history (account_id, id);

-- Alerts raised on transitions only. The unique key makes one transition one alert, also across restarts and
-- replays: a transition is identified by the history row that recorded it.
CREATE TABLE alert (
    alert_id        UUID        PRIMARY KEY,
    account_id      UUID        NOT NULL,
    alert_type      TEXT        NOT NULL,
    transition_key  TEXT        NOT NULL,
    raised_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    team_id         TEXT,
    payload         JSONB       NOT NULL,
    CONSTRAINT alert_once_per_transition UNIQUE (account_id, alert_type, transition_key)
);
CREATE INDEX alert_raised_at ON alert (raised_at);
