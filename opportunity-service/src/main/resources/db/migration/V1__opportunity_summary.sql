-- The list read model behind GET /opportunities?accountId=&status= and the deal selection of GET /pipeline:
-- one row per opportunity, written in the same transaction as its events. Figures are computed from the events.
CREATE TABLE opportunity_summary (
    opportunity_id UUID        PRIMARY KEY,
    account_id     UUID        NOT NULL,
    name           TEXT        NOT NULL,
    owner_id       TEXT        NOT NULL,
    team_id        TEXT        NOT NULL,
    type           TEXT        NOT NULL,
    stage          TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    version        INT         NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX opportunity_summary_account ON opportunity_summary (account_id, status);
CREATE INDEX opportunity_summary_owner ON opportunity_summary (owner_id);
CREATE INDEX opportunity_summary_team ON opportunity_summary (team_id);
