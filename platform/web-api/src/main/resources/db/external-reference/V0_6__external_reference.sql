-- Accounts, contacts and deals by their ids in other systems (each stream's ExternalReferenceLinked), written in the
-- transaction that links them: the primary key makes a reference unique per kind and system. Rebuildable from the
-- event streams.
CREATE TABLE external_reference (
    kind         TEXT        NOT NULL,
    system       TEXT        NOT NULL,
    external_id  TEXT        NOT NULL,
    target_id    UUID        NOT NULL,
    account_id   UUID        NOT NULL,
    linked_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, system, external_id)
);
CREATE INDEX external_reference_target ON external_reference (target_id);
