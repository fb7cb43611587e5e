-- Backtests run as jobs of the same kind as re-scores (durable chunks any replica takes), over the accounts with an
-- outcome in the period; a job can be cancelled. Each account's result under each model is kept for the report.
ALTER TABLE rescore_job DROP CONSTRAINT rescore_job_cause_kind_check;
ALTER TABLE rescore_job ADD CONSTRAINT rescore_job_cause_kind_check
    CHECK (cause_kind IN ('RESCORE', 'MODEL_CHANGE', 'WHAT_IF', 'BACKTEST'));
ALTER TABLE rescore_job DROP CONSTRAINT rescore_job_state_check;
ALTER TABLE rescore_job ADD CONSTRAINT rescore_job_state_check
    CHECK (state IN ('RUNNING', 'DONE', 'FAILED', 'CANCELLED'));
ALTER TABLE rescore_job ADD COLUMN parameters TEXT;  -- a backtest's request (JSON)

CREATE TABLE backtest_result (
    job_id        UUID NOT NULL REFERENCES rescore_job (job_id),
    model_version TEXT NOT NULL,
    account_id    UUID NOT NULL,
    result        TEXT NOT NULL,  -- BacktestMetrics.AccountResult as JSON
    PRIMARY KEY (job_id, model_version, account_id)
);
