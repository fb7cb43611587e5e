-- Each account's closed deals as the competitive landscape reads them: won or lost, when, to whom and why, one row
-- per deal and competitor engaged (competitor null: none was), written with the account's health like the other
-- portfolio positions (V9). The win rate over time and the loss reasons add up these rows.
CREATE TABLE portfolio_closed_deal (
    account_id     UUID        NOT NULL,
    team_id        TEXT,
    opportunity_id UUID        NOT NULL,
    competitor     TEXT,
    won            BOOLEAN     NOT NULL,
    closed_at      TIMESTAMPTZ NOT NULL,
    loss_reason    TEXT,
    amount         NUMERIC,
    currency       TEXT
);
CREATE INDEX portfolio_closed_deal_account ON portfolio_closed_deal (account_id);
CREATE INDEX portfolio_closed_deal_team_closed ON portfolio_closed_deal (team_id, closed_at);

-- A database holding accounts already gets the rows by a re-score of every account at the next start.
INSERT INTO projection_build (projection)
SELECT 'closed-deals' WHERE NOT EXISTS (SELECT 1 FROM account_health);
