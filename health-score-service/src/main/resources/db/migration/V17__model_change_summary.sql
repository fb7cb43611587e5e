-- A model's activation is told once to each leader concerned, as one summary of the status changes it caused:
-- a delivery of kind MODEL_CHANGE, one per activation (its re-score job) and subscription.
ALTER TABLE notification_delivery ADD COLUMN model_change_job UUID;
ALTER TABLE notification_delivery ADD CONSTRAINT delivery_once_per_model_change UNIQUE (model_change_job, subscription_id);
