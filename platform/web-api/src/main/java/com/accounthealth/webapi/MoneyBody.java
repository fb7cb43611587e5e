package com.accounthealth.webapi;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;

/**
 * An amount of money in a request, bounded to what every column and consumer downstream carries: at most 15 integer
 * digits (health-score keeps ARR as NUMERIC(18, 2)) and no finer than the currency's minor unit (no cents of yen).
 */
@MoneyBody.InMinorUnits
@Schema(name = "MoneyInput", description = "An amount of at most " + MoneyBody.INTEGER_DIGITS + " integer digits, with no "
        + "more decimals than the currency's minor unit (EUR 2, JPY 0, KWD 3)")
public record MoneyBody(@NotNull @PositiveOrZero @DecimalMax(MoneyBody.MAX)
                        @Digits(integer = MoneyBody.INTEGER_DIGITS, fraction = 3) @Schema(example = "250000") BigDecimal amount,
                        @NotNull @IsoCurrency @Schema(example = "EUR") String currency) {

    public static final int INTEGER_DIGITS = 15;
    /** The largest amount: 15 nines, and three decimals for the currencies that have them. */
    public static final String MAX = "999999999999999.999";

    /** The amount has no more decimals than its currency's minor unit; reported on {@code amount}. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = InMinorUnits.Validator.class)
    public @interface InMinorUnits {
        String message() default "has more decimals than the currency's minor unit";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<InMinorUnits, MoneyBody> {
            @Override
            public boolean isValid(MoneyBody money, ConstraintValidatorContext context) {
                if (money == null || money.amount() == null) {
                    return true;
                }
                // An unknown currency is @IsoCurrency's to report; a known one is safe to quote in the message.
                var currency = IsoCurrency.Validator.currency(money.currency());
                if (currency.isEmpty()) {
                    return true;
                }
                int decimals = currency.get().getDefaultFractionDigits();
                if (money.amount().stripTrailingZeros().scale() <= decimals) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("has more than " + decimals + " decimals, the minor unit of "
                        + money.currency()).addPropertyNode("amount").addConstraintViolation();
                return false;
            }
        }
    }
}
