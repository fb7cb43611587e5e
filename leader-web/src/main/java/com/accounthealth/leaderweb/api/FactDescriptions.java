package com.accounthealth.leaderweb.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded fact as a leader reads it: what happened ("Feedback recorded"), when, and its details by name (grade,
 * competitor, title, who was met), leaving out ids and bookkeeping.
 */
final class FactDescriptions {

    private FactDescriptions() {
    }

    static Map<String, Object> describe(JsonNode event) {
        Map<String, Object> fact = new LinkedHashMap<>();
        fact.put("eventId", event.path("eventId").asText());
        fact.put("what", words(event.path("type").asText()));
        fact.put("when", event.path("occurredAt").asText().replaceFirst("T.*", ""));
        fact.put("actor", event.path("actor").asText());
        List<String> details = new ArrayList<>();
        JsonNode data = event.path("data");
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.endsWith("Id") || name.endsWith("Ids") || name.equals("occurredAt") || value.isNull()) {
                continue;
            }
            String shown = value.isValueNode() ? value.asText() : value.isArray() ? join(value) : money(value);
            if (shown != null && !shown.isBlank()) {
                details.add(words(name).toLowerCase() + ": " + shown);
            }
        }
        fact.put("details", String.join(" · ", details));
        return fact;
    }

    /** {@code FeedbackRecorded} → {@code Feedback recorded}. */
    static String words(String camel) {
        String spaced = camel.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").toLowerCase();
        return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(v -> items.add(v.isValueNode() ? v.asText() : v.path("name").asText(v.toString())));
        return String.join(", ", items);
    }

    private static String money(JsonNode value) {
        if (value.has("amount") && value.has("currency")) {
            return value.get("amount").asText() + " " + value.get("currency").asText();
        }
        return value.has("name") ? value.get("name").asText() : null;
    }
}
