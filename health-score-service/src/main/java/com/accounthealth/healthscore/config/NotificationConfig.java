package com.accounthealth.healthscore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** How alerts reach sales leaders: delivery retries, noise control, digests and which targets are allowed. */
@ConfigMapping(prefix = "notifications")
public interface NotificationConfig {

    Delivery delivery();

    /** Within this long after a notified alert, the same account and type notify again only when it got worse. */
    Duration coolDown();

    Digest digest();

    Targets targets();

    Secrets secrets();

    Escalation escalation();

    /** Where a person opens an account's health; {accountId} is replaced. */
    String accountLink();

    /** Where a person opens the portfolio's accounts at risk (linked from digests). */
    String portfolioLink();

    interface Delivery {
        /** Whether this instance sends (replicas share due deliveries with FOR UPDATE SKIP LOCKED). */
        @WithDefault("true")
        boolean enabled();

        /** How often due deliveries are looked for. */
        Duration pollInterval();

        /** The wait after the first failed attempt; it doubles after each failure, up to {@link #maxBackoff()}. */
        Duration initialBackoff();

        Duration maxBackoff();

        /** A delivery still failing this long after it was created is given up (status FAILED). */
        Duration giveUpAfter();

        /** How long one webhook or Slack call may take. */
        Duration timeout();

        /** Deliveries one instance sends at once, to different receivers. */
        int senders();

        /**
         * Of those, at most this many to one receiver (a webhook URL's host and port, a Slack incoming webhook, or the
         * SMTP server).
         */
        int perReceiver();

        /** Failed sends in a row after which a receiver is paused: its deliveries wait, unattempted. */
        int pauseAfterFailures();

        /** How long a paused receiver gets nothing; then one trial send decides whether it is paused again. */
        Duration pause();
    }

    interface Digest {
        /** How often subscriptions are checked for a digest that is due. */
        Duration checkEvery();
    }

    interface Escalation {
        /**
         * The subscription (made through the API, with its channel and target) that hears of an AT_RISK alert on a
         * strategic account of its teams that nobody acknowledged in time; absent: alerts are not escalated.
         */
        Optional<UUID> subscriptionId();

        /** How long such an alert may wait for an acknowledgement before it is escalated. */
        Duration after();

        /** How often alerts waiting too long are looked for. */
        Duration checkEvery();

        /** Alerts raised longer ago than this are history, not work: they are never escalated. */
        Duration lookback();
    }

    interface Secrets {
        /**
         * The AES key (base64 of 16, 24 or 32 bytes) webhook signing secrets are encrypted with at rest. Required: no
         * default outside dev and test.
         */
        String key();
    }

    interface Targets {
        /** Plain http and loopback addresses (a receiver on this machine): for dev and tests only. */
        @WithDefault("false")
        boolean allowLoopback();

        /** Address ranges (CIDR) no webhook or Slack target may resolve to, besides link-local and metadata. */
        Optional<List<String>> refusedRanges();
    }
}
