-- The order events entered the inbox, so that "the events of an account after a given point" is one index range.
-- The index replaces the one by time: as-of reads nearly all of an account's events anyway, and the per-account
-- index stays one, so storing an event costs what it did.
ALTER TABLE inbox ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY;
CREATE INDEX inbox_account_seq ON inbox (account_id, seq);
DROP INDEX inbox_account_time;

-- Each account's folded facts as of some point, written by ingest in the transaction that applies its events (see
-- AccountFolds): an account not in ingest's memory (after a restart, a rebalance, on a new replica, or evicted) is
-- resumed from this row and the few inbox events after it instead of folding its whole inbox. A row is only a
-- shortcut: it is used when its event count plus the events after it equals the inbox's count, and a row of another
-- format (the facts changed shape or the fold changed meaning) is ignored and replaced.
CREATE TABLE account_fold (
    account_id  UUID    PRIMARY KEY,
    format      TEXT    NOT NULL,  -- which fold and which shape of the facts wrote it
    events      INT     NOT NULL,  -- how many inbox events it folds
    through_seq BIGINT  NOT NULL,  -- the highest inbox seq among them: the events after it are those with a higher one
    facts       TEXT    NOT NULL   -- the fold's facts and each lane's last stream version, as JSON
);
