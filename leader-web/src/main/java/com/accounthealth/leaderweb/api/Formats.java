package com.accounthealth.leaderweb.api;

import io.quarkus.qute.TemplateExtension;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How pages show the APIs' instants and amounts: to the minute in UTC, and with thousands separators. */
@TemplateExtension
final class Formats {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** {@code 2026-12-06T21:31:05.132Z} → {@code 2026-12-06 21:31 UTC}; anything else as it is. */
    static String when(String instant) {
        try {
            return MINUTE.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    /** {@code 480000.0} → {@code 480,000}. */
    static String money(Number amount) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.ENGLISH);
        format.setMaximumFractionDigits(2);
        return format.format(new BigDecimal(amount.toString()));
    }
}
