package com.accounthealth.webapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * States in each service's OpenAPI document the bounds every date and instant is held to ({@link DateBounds}, and
 * business time's clock skew in {@link CommandContext}), which smallrye-openapi cannot read off a custom constraint.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class PublishedBounds implements OASFilter {

    /** Years 1900 to 9999, as a pattern a JSON Schema validator applies to the RFC 3339 text. */
    static final String YEARS = "^(19[0-9]{2}|[2-9][0-9]{3})-";
    private static final String DATES = "Between 1900-01-01 and 9999-12-31 (UTC).";
    private static final String BUSINESS_TIME = "When it happened: at most " + CommandContext.CLOCK_SKEW.toMinutes()
            + " minutes ahead of the server's clock; absent means now.";

    @Override
    public Schema filterSchema(Schema schema) {
        if ("date-time".equals(schema.getFormat()) || "date".equals(schema.getFormat())) {
            schema.setPattern(YEARS);
            schema.setDescription(with(schema.getDescription(), DATES));
        }
        if (schema.getProperties() != null && schema.getProperties().get("occurredAt") instanceof Schema occurredAt) {
            occurredAt.setDescription(with(occurredAt.getDescription(), BUSINESS_TIME));
        }
        return schema;
    }

    private static String with(String description, String sentence) {
        if (description == null || description.isBlank()) {
            return sentence;
        }
        return description.contains(sentence) ? description : description + " " + sentence;
    }
}
