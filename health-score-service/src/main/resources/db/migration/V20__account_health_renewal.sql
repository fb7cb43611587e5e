-- The renewal date beside each account's health, so a leader's "renewals of the next 180 days, with their health" is
-- one indexed query. Filled by the account's next evaluation (the time round reaches every account within a day).
ALTER TABLE account_health ADD COLUMN renewal_date DATE;
CREATE INDEX account_health_renewal ON account_health (renewal_date) WHERE renewal_date IS NOT NULL;
