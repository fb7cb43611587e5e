package com.accounthealth.webapi;

import java.util.regex.Pattern;

/**
 * An id of an account, contact or deal in another system. {@code system} names the system in lower case
 * ({@code salesforce}, {@code hubspot}, {@code billing}); {@code externalId} is its id there, as it gives it.
 */
public record ExternalReference(String system, String externalId) {

    private static final Pattern SYSTEM = Pattern.compile("[a-z0-9][a-z0-9._-]{0,49}");

    /** Checked here for path and query values, which bean validation does not reach. */
    public static ExternalReference of(String system, String externalId) {
        if (system == null || !SYSTEM.matcher(system).matches()) {
            throw ProblemException.badField("system", "1 to 50 of a-z, 0-9, '.', '_', '-', starting with a letter "
                    + "or digit");
        }
        RequestValues.text(externalId, "externalId", 200);
        return new ExternalReference(system, externalId);
    }

    /** A query value {@code <system>:<id>}. */
    public static ExternalReference parse(String value, String field) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw ProblemException.badField(field, "<system>:<id>, e.g. salesforce:0015g00000XyZ");
        }
        return of(value.substring(0, colon), value.substring(colon + 1));
    }
}
