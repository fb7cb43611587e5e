package com.accounthealth.healthscore.domain.notification;

/** Where a subscription's notifications go. */
public enum Channel {
    /** A JSON POST of the alert as a CloudEvent, signed with the subscription's secret. */
    WEBHOOK,
    /** A Slack incoming-webhook message a person reads at a glance. */
    SLACK,
    /** An e-mail with HTML and plain-text parts. */
    EMAIL
}
