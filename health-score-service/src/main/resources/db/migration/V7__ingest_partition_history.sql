-- Where each partition's history ended when this database first read it. A new database reading topics from their
-- start (a rebuild) replays facts whose alerts were published before: alerts raised by records before this offset are
-- recorded but neither published nor notified again. A partition the consumer group had read before starts at 0.
CREATE TABLE ingest_partition (
    topic           TEXT   NOT NULL,
    kafka_partition INT    NOT NULL,
    history_until   BIGINT NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);
