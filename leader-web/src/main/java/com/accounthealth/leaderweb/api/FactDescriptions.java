package com.accounthealth.leaderweb.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recorded facts as a leader reads them: what happened ("Interaction recorded"), when, and its details by name (grade,
 * competitor, title, and who was met: contacts and client teams by their names, not their ids), leaving out other ids
 * and bookkeeping.
 */
final class FactDescriptions {

    /** The account's people and client teams by id, to name them in facts. */
    private final Map<String, String> names = new HashMap<>();

    /** @param account the account as account-service answers it (its contacts and client teams) */
    FactDescriptions(JsonNode account) {
        account.path("clientTeams").forEach(t -> names.put(t.path("id").asText(), t.path("name").asText()));
        // An erased contact's name no longer opens (account-service answers null): the role still tells who it was.
        account.path("contacts").forEach(c -> names.put(c.path("id").asText(),
                (c.hasNonNull("name") ? c.get("name").asText() : "a former contact")
                        + (c.hasNonNull("role") ? " (" + words(c.get("role").asText()).toLowerCase() + ")" : "")));
    }

    Map<String, Object> describe(JsonNode event) {
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
            if (name.equals("contactIds") || name.equals("contactId") || name.equals("clientTeamId")) {
                String who = namesOf(value);
                if (!who.isEmpty()) {
                    details.add((name.equals("clientTeamId") ? "client team: " : "with: ") + who);
                }
                continue;
            }
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

    private String namesOf(JsonNode ids) {
        List<String> known = new ArrayList<>();
        if (ids.isArray()) {
            ids.forEach(id -> known.add(names.getOrDefault(id.asText(), "someone no longer on record")));
        } else if (!ids.isNull()) {
            known.add(names.getOrDefault(ids.asText(), "someone no longer on record"));
        }
        return String.join(", ", known);
    }

    /** {@code FeedbackRecorded} → {@code Feedback recorded}; {@code DECISION_MAKER} → {@code Decision maker}. */
    static String words(String camel) {
        String spaced = camel.replace('_', ' ').replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").toLowerCase();
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
