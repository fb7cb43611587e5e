package com.accounthealth.account.domain;

import com.accounthealth.testsupport.PublishedOpenApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the published-contract check counts as breaking a caller, tried on the published document itself. */
class OpenApiCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode published() throws IOException {
        return JSON.readTree(Path.of("openapi.json").toFile());
    }

    @Test
    void theSameDocumentBreaksNothing() throws IOException {
        assertThat(PublishedOpenApi.breakingChanges(published(), published())).isEmpty();
    }

    @Test
    void aRemovedOperationAResponsePropertyGoneAndANewlyRequiredFieldBreakCallers() throws IOException {
        JsonNode before = published();
        ObjectNode after = (ObjectNode) published();
        ((ObjectNode) after.path("paths").path("/api/v1/accounts/{accountId}/churn")).remove("post");
        ((ObjectNode) after.path("components").path("schemas").path("EventView").path("properties"))
                .remove("eventId");
        ((ArrayNode) after.path("components").path("schemas").path("RecordChurn").withArray("required"))
                .add("occurredAt");

        assertThat(PublishedOpenApi.breakingChanges(before, after)).containsExactlyInAnyOrder(
                "removed POST /api/v1/accounts/{accountId}/churn",
                "removed property EventView.eventId",
                "newly required RecordChurn.occurredAt");
    }

    @Test
    void aNewOptionalPropertyAndANewOperationBreakNothing() throws IOException {
        JsonNode before = published();
        ObjectNode after = (ObjectNode) published();
        ((ObjectNode) after.path("components").path("schemas").path("EventView").path("properties"))
                .putObject("note").put("type", "string");
        ((ObjectNode) after.path("paths")).putObject("/api/v1/new").putObject("get");

        assertThat(PublishedOpenApi.breakingChanges(before, after)).isEmpty();
    }
}
