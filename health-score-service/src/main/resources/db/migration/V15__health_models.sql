-- Health models are data: every weight, threshold and rule parameter, with a version, a description, its author and
-- time. A model never changes once stored (a change is a new version derived from it), so every health document,
-- history entry and alert that names a version names exactly the numbers that produced it.
CREATE TABLE health_model (
    version      TEXT        PRIMARY KEY,
    description  TEXT        NOT NULL,
    derived_from TEXT        REFERENCES health_model (version),
    author       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    model        TEXT        NOT NULL  -- the model as JSON (HealthModel)
);

-- Every activation, in order: the newest row is the model in force, and the rows say which model was in force when.
CREATE TABLE health_model_activation (
    activation_id BIGSERIAL   PRIMARY KEY,
    version       TEXT        NOT NULL REFERENCES health_model (version),
    activated_at  TIMESTAMPTZ NOT NULL,
    activated_by  TEXT        NOT NULL,
    job_id        UUID        -- the re-score that applied it to live health (none for the seed)
);

-- What a re-score job is for, so its changes name their cause: a model's activation (MODEL_CHANGE, with the model it
-- replaced) or a projection build (RESCORE).
ALTER TABLE rescore_job ADD COLUMN cause_kind TEXT NOT NULL DEFAULT 'RESCORE'
    CHECK (cause_kind IN ('RESCORE', 'MODEL_CHANGE'));
ALTER TABLE rescore_job ADD COLUMN previous_model_version TEXT;
