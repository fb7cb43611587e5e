package com.accounthealth.webapi;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A name, id or label: one line, without control characters (CR, LF, TAB, ESC, ...). Such strings reach e-mail
 * subjects, Slack text and log lines, where a line break would start a header, a message or a log entry of its own.
 * Free text (summaries, comments) may hold line breaks; no string holds NUL ({@link StrictJson}).
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = {})
@Pattern(regexp = "[^\\x00-\\x1F\\x7F-\\x9F]*")
@ReportAsSingleViolation
public @interface SingleLine {
    String message() default "must be a single line without control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
