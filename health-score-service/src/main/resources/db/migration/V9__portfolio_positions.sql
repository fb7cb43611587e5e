-- What each account adds to the portfolio's competitive view (GET /competitive-gaps), as of its last evaluation and
-- written in the transaction that scores it: the view adds up these rows instead of folding every account's inbox.
CREATE TABLE portfolio_stake (
    account_id     UUID    NOT NULL,
    team_id        TEXT,
    capability     TEXT    NOT NULL,  -- a capability we lack, as written
    opportunity_id UUID,              -- null: a competitor offers it at the account now; else a deal lost lacking it
    amount         NUMERIC            -- the account's ARR, or the lost deal's amount
);
CREATE INDEX portfolio_stake_account ON portfolio_stake (account_id);
CREATE INDEX portfolio_stake_team ON portfolio_stake (team_id);

CREATE TABLE portfolio_competitor (
    account_id UUID NOT NULL,
    team_id    TEXT,
    competitor TEXT NOT NULL,
    won        INT  NOT NULL,
    lost       INT  NOT NULL,
    PRIMARY KEY (account_id, competitor)
);
CREATE INDEX portfolio_competitor_team ON portfolio_competitor (team_id);

-- Projections built from every account. A database that already holds accounts when a projection is added gets it
-- by a re-score of every account at the next start (BuildingProjections), started again if that job failed; a new
-- database starts with it built (no job).
CREATE TABLE projection_build (
    projection TEXT        PRIMARY KEY,
    job_id     UUID        REFERENCES rescore_job (job_id),
    started_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO projection_build (projection)
SELECT 'portfolio-positions' WHERE NOT EXISTS (SELECT 1 FROM account_health);
