package com.accounthealth.healthscore.infrastructure.notification;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Why a send failed is stored and logged without the target (a Slack URL is a secret) or any e-mail address. */
class SendFailureTest {

    @Test
    void theTargetAndEMailAddressesAreBlankedOut() {
        String slack = "https://hooks.slack.com/services/T000/B000/s3cr3t";
        assertThat(NotificationChannels.failure(new IOException("Connection to " + slack + " refused"), slack))
                .isEqualTo("IOException: Connection to <target> refused");
        assertThat(NotificationChannels.failure(new IllegalStateException("550 mailbox dana.scully@example.com unknown"),
                "dana.scully@example.com")).isEqualTo("IllegalStateException: 550 mailbox <target> unknown");
        assertThat(NotificationChannels.failure(new IllegalStateException("Invalid Addresses: <a.b@c.de>, x@y.z"), "t"))
                .isEqualTo("IllegalStateException: Invalid Addresses: <<address>>, <address>");
        assertThat(NotificationChannels.failure(new IOException(), "t")).isEqualTo("IOException");
    }
}
