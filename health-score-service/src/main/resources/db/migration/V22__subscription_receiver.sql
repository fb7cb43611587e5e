-- The server a subscription's deliveries go to: sends to one receiver are bounded and paused together, so a receiver
-- that hangs or keeps failing holds up no other (DeliveringNotifications). A URL's receiver is its host and port;
-- every e-mail goes through the one SMTP server.
ALTER TABLE notification_subscription ADD COLUMN receiver TEXT GENERATED ALWAYS AS (
    CASE WHEN channel = 'EMAIL' THEN 'smtp'
         ELSE lower(coalesce(substring(target FROM '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]+)'), target)) END
) STORED;
