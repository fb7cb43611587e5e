package com.accounthealth.webapi;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A page of a list endpoint: {@code page} counts from 0; {@code size} is capped so no request can ask for all. */
public record Paging(int page, int size) {

    public static final int MAX_SIZE = 200;
    /** Far beyond any list here, and small enough that no page's offset overflows. */
    public static final int MAX_PAGE = 1_000_000;

    /**
     * The {@code page} and {@code size} query parameters of a list endpoint ({@code @BeanParam}), read as text so that
     * a number too large for an int is a 400 naming the parameter rather than JAX-RS's 404.
     */
    public static final class Request {
        @QueryParam("page")
        @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "" + MAX_PAGE, defaultValue = "0")
        public String page;

        @QueryParam("size")
        @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_SIZE, defaultValue = "50")
        public String size;

        public Paging paging() {
            return Paging.of(number(page, "page", 0, MAX_PAGE, 0), number(size, "size", 1, MAX_SIZE, 50));
        }
    }

    public static Paging of(int page, int size) {
        if (page < 0 || page > MAX_PAGE) {
            throw ProblemException.badField("page", "must be between 0 and " + MAX_PAGE);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ProblemException.badField("size", "must be between 1 and " + MAX_SIZE);
        }
        return new Paging(page, size);
    }

    private static int number(String value, String name, int min, int max, int absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            // Digits only: more than an int holds, so out of range.
            throw ProblemException.badField(name, value.matches("-?[0-9]+") ? "must be between " + min + " and " + max
                    : "must be a whole number");
        }
    }

    public int offset() {
        return page * size;
    }

    /** The page's items and the total, so a client knows when to stop. */
    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    public <T> Page<T> page(List<T> items, long total) {
        return new Page<>(items, page, size, total);
    }
}
