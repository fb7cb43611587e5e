package com.accounthealth.webapi;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A date or instant between 1900-01-01 and 9999-12-31 (UTC): what every column (PostgreSQL timestamptz and date),
 * every RFC 3339 reader downstream and a four-digit year hold. Year 0 and the years after 9999 are refused, not
 * stored as something else. {@link PublishedBounds} states it in the OpenAPI document.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = {DateBounds.ForInstant.class, DateBounds.ForDate.class})
public @interface DateBounds {

    LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
    LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    Instant FIRST = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant LAST = LAST_DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);

    String message() default "must lie between 1900-01-01 and 9999-12-31";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class ForInstant implements ConstraintValidator<DateBounds, Instant> {
        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            return value == null || holds(value);
        }

        public static boolean holds(Instant value) {
            return !value.isBefore(FIRST) && !value.isAfter(LAST);
        }
    }

    class ForDate implements ConstraintValidator<DateBounds, LocalDate> {
        @Override
        public boolean isValid(LocalDate value, ConstraintValidatorContext context) {
            return value == null || (!value.isBefore(FIRST_DAY) && !value.isAfter(LAST_DAY));
        }
    }
}
