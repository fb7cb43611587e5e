package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.webapi.AnswersAtRest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The answers kept for Idempotency-Key retries encrypted: a subscription's or a rotation's answer carries the webhook
 * signing secret, which a retry must get again (the client may not have seen the first answer) but the database must
 * not show.
 */
@ApplicationScoped
public class EncryptedAnswers implements AnswersAtRest {

    private static final String PURPOSE = "idempotent answer";

    private final SecretsAtRest secrets;

    public EncryptedAnswers(SecretsAtRest secrets) {
        this.secrets = secrets;
    }

    @Override
    public String seal(String body) {
        return secrets.encrypt(body, PURPOSE);
    }

    @Override
    public String open(String stored) {
        return secrets.decrypt(stored, PURPOSE);
    }
}
