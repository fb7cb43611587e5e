-- The server a subscription's deliveries go to: sends to one receiver are bounded and paused together, so a receiver
-- that hangs or keeps failing holds up no other (DeliveringNotifications). A webhook's receiver is its URL's host and
-- port; every e-mail goes through the one SMTP server; each Slack incoming webhook is a receiver of its own (they all
-- share one host), named by a digest because its URL is a secret.
ALTER TABLE notification_subscription ADD COLUMN receiver TEXT GENERATED ALWAYS AS (
    CASE WHEN channel = 'EMAIL' THEN 'smtp'
         WHEN channel = 'SLACK' THEN 'slack:' || left(md5(target), 12)
         ELSE lower(coalesce(substring(target FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#]+)'), target)) END
) STORED;
