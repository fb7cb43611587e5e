package com.accounthealth.webapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.util.OptionalInt;
import java.util.UUID;

/**
 * Parsing of path, query and header values, and of a command's body met inside another document (an import line), with
 * a problem naming the value when it is malformed.
 */
public final class RequestValues {

    private RequestValues() {
    }

    public static UUID uuid(String value, String name) {
        if (value == null) {
            throw ProblemException.badField(name, "is required");
        }
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equalsIgnoreCase(value)) {
                return id;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ProblemException.badField(name, "'" + value + "' is not a UUID");
    }

    /** A whole number from {@code min} to {@code max}. */
    public static int integer(String value, String name, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.badField(name, "must be a whole number from " + min + " to " + max);
    }

    /** An optional {@code true} or {@code false} (absent: false); anything else is the caller's mistake. */
    public static boolean flag(String value, String name) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ProblemException.badField(name, "must be true or false");
    }

    /** Required text of one line, at most {@code maxLength} characters, not blank. */
    public static String text(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badField(name, "is required");
        }
        if (value.length() > maxLength) {
            throw ProblemException.badField(name, "must be at most " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badField(name, "must be one line of text");
        }
        return value;
    }

    /** {@code If-Match: "7"} → 7; no header → empty (the write is unconditional). */
    public static OptionalInt ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return OptionalInt.empty();
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            int version = Integer.parseInt(v);
            if (version >= 0) {
                return OptionalInt.of(version);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.badField("If-Match", "must be the quoted version from an ETag, e.g. \"3\"");
    }

    public static String etag(int version) {
        return "\"" + version + "\"";
    }

    /** A command's body given as JSON inside another document, read and validated as its single request's would be. */
    public static <B> B body(ObjectMapper json, Validator validator, JsonNode node, Class<B> type) {
        if (node == null || !node.isObject()) {
            throw ProblemException.badField("body", "must be the JSON object the single request takes");
        }
        try {
            B body = json.treeToValue(node, type);
            var violations = validator.validate(body);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemMappers.ofRequestError(e).orElseThrow());
        }
    }
}
