package com.accounthealth.healthscore.domain.notification;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    @Test
    void signsTimestampDotBodyWithHmacSha256AsAReceiverWouldCheckIt() {
        // Computed independently (Python's hmac module) from "1700000000." + the body, keyed with the secret.
        assertThat(WebhookSignature.sign("whsec_test", 1_700_000_000L, "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1=11bf4466ea17c3df3fd743af0b435368e16b7a05eb8eced85e8c4670767bdec5");
    }

    @Test
    void aChangedTimestampOrBodyChangesTheSignature() {
        byte[] body = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign("whsec_test", 1_700_000_000L, body);
        assertThat(WebhookSignature.sign("whsec_test", 1_700_000_001L, body)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign("whsec_test", 1_700_000_000L, "{\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(signature);
    }

    @Test
    void secretsAreRandomAndSayWhatTheyAre() {
        String one = WebhookSignature.newSecret();
        assertThat(one).startsWith("whsec_").hasSize(6 + 43);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(one);
    }
}
