-- The list read model behind GET /accounts?ownerId=&teamId=: one row per account, written in the same transaction
-- as the events that change it. The event streams stay the source of truth; this table can be rebuilt from them.
CREATE TABLE account_summary (
    account_id  UUID        PRIMARY KEY,
    name        TEXT        NOT NULL,
    owner_id    TEXT        NOT NULL,
    team_id     TEXT        NOT NULL,
    tier        TEXT        NOT NULL,
    status      TEXT        NOT NULL,
    version     INT         NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX account_summary_owner ON account_summary (owner_id, name);
CREATE INDEX account_summary_team ON account_summary (team_id, name);
