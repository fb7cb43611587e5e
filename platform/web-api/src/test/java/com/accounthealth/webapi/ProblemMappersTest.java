package com.accounthealth.webapi;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemMappersTest {

    record Stakeholder(@Size(max = 3, message = "must be at most 3 characters")
                       @Pattern(regexp = "[a-z]*", message = "must be lower-case letters") String name,
                       @Size(max = 2, message = "must be at most 2 characters") String title) {
    }

    @Test
    void twoViolationsOfOneFieldAreListedInTheSameOrderOnEveryAnswer() {
        Set<ConstraintViolation<Stakeholder>> violations;
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            violations = factory.getValidator().validate(new Stakeholder("ABCDE", "CEO"));
        }

        Problem problem = ProblemMappers.ofRequestError(new ConstraintViolationException(violations)).orElseThrow();

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).containsExactly(
                new Problem.FieldError("name", "must be at most 3 characters"),
                new Problem.FieldError("name", "must be lower-case letters"),
                new Problem.FieldError("title", "must be at most 2 characters"));
        assertThat(problem.detail()).isEqualTo("name must be at most 3 characters; name must be lower-case letters; "
                + "title must be at most 2 characters");
    }
}
