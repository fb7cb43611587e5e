-- How long each account stood in each status (and team): the portfolio's status counts over time are counted from
-- these spans, a team-scoped aggregate with no account folded. A span is opened and the previous one closed by the
-- trigger below, in the transaction that saves the account's health (ingest, the time round or a re-score), and only
-- when the status or the team changes, so a save that changes neither (most of them) costs nothing more.
CREATE TABLE account_status_span (
    account_id UUID        NOT NULL,
    team_id    TEXT,
    status     TEXT        NOT NULL,
    since      TIMESTAMPTZ NOT NULL,
    until      TIMESTAMPTZ,          -- null: the account stands so now
    PRIMARY KEY (account_id, since)
);
CREATE INDEX account_status_span_team ON account_status_span (team_id);
CREATE UNIQUE INDEX account_status_span_open ON account_status_span (account_id) WHERE until IS NULL;

CREATE FUNCTION account_status_span_next() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE account_status_span SET until = greatest(since, NEW.evaluated_at)
    WHERE account_id = NEW.account_id AND until IS NULL;
    INSERT INTO account_status_span (account_id, team_id, status, since)
    VALUES (NEW.account_id, NEW.team_id, NEW.status, NEW.evaluated_at)
    ON CONFLICT (account_id, since) DO UPDATE SET team_id = excluded.team_id, status = excluded.status, until = NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER account_health_new_status AFTER INSERT ON account_health
    FOR EACH ROW EXECUTE FUNCTION account_status_span_next();
CREATE TRIGGER account_health_status_changed AFTER UPDATE OF status, team_id ON account_health
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.team_id IS DISTINCT FROM NEW.team_id)
    EXECUTE FUNCTION account_status_span_next();

-- A database that already holds accounts: their spans from the status changes their history recorded (with the team
-- they have now, as the history does not keep teams), the last one open.
INSERT INTO account_status_span (account_id, team_id, status, since, until)
SELECT account_id, team_id, status, evaluated_at,
       lead(evaluated_at) OVER (PARTITION BY account_id ORDER BY evaluated_at)
FROM (SELECT DISTINCT ON (c.account_id, c.evaluated_at) c.account_id, h.team_id, c.status, c.evaluated_at
      FROM health_history c JOIN account_health h USING (account_id)
      WHERE c.previous_status IS DISTINCT FROM c.status
      ORDER BY c.account_id, c.evaluated_at, c.id DESC) AS changes;
-- Accounts whose history holds no status change (none should, as the first evaluation is one) still get a span.
INSERT INTO account_status_span (account_id, team_id, status, since)
SELECT account_id, team_id, status, evaluated_at FROM account_health h
WHERE NOT EXISTS (SELECT 1 FROM account_status_span s WHERE s.account_id = h.account_id);
