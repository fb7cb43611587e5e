package com.accounthealth.webapi;

import com.accounthealth.kernel.Money;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Currency;
import java.util.Optional;

/**
 * An ISO 4217 currency code such as EUR or USD. Codes that name no money (XXX "no currency", XTS "testing", gold,
 * silver, SDRs: ISO gives them no minor unit) are refused: no amount can be checked or shown in them.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = IsoCurrency.Validator.class)
public @interface IsoCurrency {
    String message() default "is not the ISO 4217 code of a currency";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<IsoCurrency, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || currency(value).isPresent();
        }

        /** The currency of this code, if it is one money is counted in: the domain's own definition. */
        public static Optional<Currency> currency(String code) {
            return Money.currencyOf(code);
        }
    }
}
