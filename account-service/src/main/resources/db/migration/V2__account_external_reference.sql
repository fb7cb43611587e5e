-- Accounts by their ids in other systems (ExternalReferenceLinked), written in the transaction that links them: the
-- primary key makes a reference unique per system, across accounts. Rebuildable from the event streams.
CREATE TABLE account_external_reference (
    system       TEXT        NOT NULL,
    external_id  TEXT        NOT NULL,
    account_id   UUID        NOT NULL,
    linked_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (system, external_id)
);
CREATE INDEX account_external_reference_account ON account_external_reference (account_id);
