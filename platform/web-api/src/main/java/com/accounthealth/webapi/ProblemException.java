package com.accounthealth.webapi;

import java.util.List;

/** Thrown by API code to answer with a problem document; {@link ProblemMappers} renders it. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badField(String field, String message) {
        return new ProblemException(Problem.of(400, "Invalid request", field + ": " + message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not found", detail));
    }
}
