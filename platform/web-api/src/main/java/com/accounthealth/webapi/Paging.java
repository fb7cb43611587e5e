package com.accounthealth.webapi;

import java.util.List;

/** A page of a list endpoint: {@code page} counts from 0; {@code size} is capped so no request can ask for all. */
public record Paging(int page, int size) {

    public static final int MAX_SIZE = 200;

    public static Paging of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0) {
            throw ProblemException.badField("page", "must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw ProblemException.badField("size", "must be between 1 and " + MAX_SIZE);
        }
        return new Paging(p, s);
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
