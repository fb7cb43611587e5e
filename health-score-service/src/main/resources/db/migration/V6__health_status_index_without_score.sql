-- Most saves of an account's health change its score but not its status, team or owner. With the score in the status
-- index, each such save had to add an entry to every index of the table: in the benchmark 31 % of saves were HOT
-- updates (which touch no index), 78 % without it. Lists filter and sort through a generic plan that scans the table
-- with or without the score in the index (checked with EXPLAIN on 20,000 accounts).
DROP INDEX account_health_status;
CREATE INDEX account_health_status ON account_health (status);
