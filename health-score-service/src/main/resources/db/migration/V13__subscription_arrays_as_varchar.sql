-- Subscriptions are Hibernate entities, whose String[] fields are varchar arrays: the columns take that type (varchar
-- without a length is text by another name), so that the entity queries' array operators compare like with like.
ALTER TABLE notification_subscription
    ALTER COLUMN team_ids    TYPE VARCHAR[],
    ALTER COLUMN tiers       TYPE VARCHAR[],
    ALTER COLUMN alert_types TYPE VARCHAR[];
