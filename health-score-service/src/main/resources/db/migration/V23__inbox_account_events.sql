-- How many events the inbox holds per account, kept by the database as rows come and go. Ingest checks each batch's
-- kept folds against this count; counting the inbox instead cost every batch the whole history of its accounts (9 ms
-- a batch of about 65 accounts with some 150 events each, and growing with every event: benchmarks/README.md,
-- Overload). Triggers, not the application, keep it: an older replica still inserting during a rolling deploy, or an
-- operator removing a record that cannot be decoded, keeps it exact too.
CREATE TABLE inbox_account (
    account_id UUID   PRIMARY KEY,
    events     BIGINT NOT NULL
);

CREATE FUNCTION inbox_account_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In account order: two batches counting the same accounts lock their rows in the same order.
    INSERT INTO inbox_account (account_id, events)
    SELECT account_id, count(*) FROM inserted GROUP BY account_id ORDER BY account_id
    ON CONFLICT (account_id) DO UPDATE SET events = inbox_account.events + excluded.events;
    RETURN NULL;
END $$;

CREATE FUNCTION inbox_account_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inbox_account a SET events = a.events - d.events
    FROM (SELECT account_id, count(*) AS events FROM deleted GROUP BY account_id) d
    WHERE a.account_id = d.account_id;
    RETURN NULL;
END $$;

-- Creating the triggers locks the inbox against writes until this migration commits, so the count below misses no row.
CREATE TRIGGER inbox_account_inserted AFTER INSERT ON inbox REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION inbox_account_count_inserted();
CREATE TRIGGER inbox_account_deleted AFTER DELETE ON inbox REFERENCING OLD TABLE AS deleted
    FOR EACH STATEMENT EXECUTE FUNCTION inbox_account_count_deleted();

INSERT INTO inbox_account (account_id, events) SELECT account_id, count(*) FROM inbox GROUP BY account_id;
