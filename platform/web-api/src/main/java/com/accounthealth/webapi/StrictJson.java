package com.accounthealth.webapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * JSON as every service reads it: an object naming a property twice is malformed (not "the last one wins", which two
 * readers of one body may see differently), and no string holds NUL (PostgreSQL text cannot) or a lone UTF-16
 * surrogate (not a character: no UTF-8 encoder or jsonb column takes it). Each is a 400 problem naming the field.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** A value Jackson could read but no part of the system can carry; {@link ProblemMappers} says why. */
    public static final class RefusedValue extends InvalidFormatException {
        private final String reason;

        RefusedValue(JsonParser parser, String reason) {
            super(parser, "Refused string: " + reason, null, String.class);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.registerModule(new SimpleModule("strict-strings").addDeserializer(String.class, new CheckedStrings()));
    }

    /** The reason a string cannot be carried, or null when it can. */
    static String refusal(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return "contains NUL (\\u0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains a lone UTF-16 surrogate";
            }
        }
        return null;
    }

    private static final class CheckedStrings extends StdScalarDeserializer<String> {
        CheckedStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String refusal = value == null ? null : refusal(value);
            if (refusal != null) {
                throw new RefusedValue(p, refusal);
            }
            return value;
        }
    }
}
