-- Re-score jobs live in the database, not in one instance's memory: every replica answers their progress, and work
-- that an instance did not finish (a restart, a crash) is taken up by any replica, from the chunks not yet committed.
CREATE TABLE rescore_job (
    job_id         UUID        PRIMARY KEY,
    model_version  TEXT        NOT NULL,
    model          JSONB       NOT NULL,  -- every number of the model the job scores with
    state          TEXT        NOT NULL CHECK (state IN ('RUNNING', 'DONE', 'FAILED')),
    total          INT         NOT NULL,
    done           INT         NOT NULL DEFAULT 0,
    score_changed  INT         NOT NULL DEFAULT 0,
    status_changed INT         NOT NULL DEFAULT 0,
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ,
    error          TEXT,
    started_by     TEXT        NOT NULL
);

-- The accounts of a job, fixed when it starts, in chunks of one transaction each. A worker takes an open chunk with
-- FOR UPDATE SKIP LOCKED, so workers of every replica share a job and no chunk is scored twice.
CREATE TABLE rescore_chunk (
    job_id   UUID        NOT NULL REFERENCES rescore_job (job_id),
    chunk    INT         NOT NULL,
    accounts UUID[]      NOT NULL,
    done_at  TIMESTAMPTZ,
    PRIMARY KEY (job_id, chunk)
);
CREATE INDEX rescore_chunk_open ON rescore_chunk (job_id, chunk) WHERE done_at IS NULL;
