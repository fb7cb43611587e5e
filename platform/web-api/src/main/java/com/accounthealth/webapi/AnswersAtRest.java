package com.accounthealth.webapi;

/**
 * How the answers kept for {@code Idempotency-Key} retries are stored: as they are, unless the service provides a bean
 * of its own, e.g. encrypting answers that carry a secret.
 */
public interface AnswersAtRest {

    /** What is stored for an answer's body. */
    String seal(String body);

    /** The body back from what {@link #seal} stored (or from an answer stored before sealing began). */
    String open(String stored);
}
