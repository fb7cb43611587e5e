-- Events loaded as history by a bulk import: published with the CloudEvent extension backfill=true, so consumers
-- announce nothing about them (a constant default: no table rewrite on PostgreSQL 11 and later).
ALTER TABLE event_store ADD COLUMN backfill BOOLEAN NOT NULL DEFAULT false;
