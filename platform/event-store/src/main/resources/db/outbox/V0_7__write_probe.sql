-- One row the readiness check rewrites: a database that still answers reads but cannot take a write (read-only, a
-- standby after a failover, no space for its WAL) takes the instance out of the load balancer until it can again.
CREATE TABLE write_probe (
    id        INT         PRIMARY KEY CHECK (id = 1),
    probed_at TIMESTAMPTZ NOT NULL
);
INSERT INTO write_probe (id, probed_at) VALUES (1, now());
