package com.accounthealth.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's OpenAPI document is kept in the repository ({@code openapi.json} at the module's root) and checked
 * against the running application: a change that breaks callers (an operation or a response property removed, a
 * request property newly required) fails unless {@code info.version}'s major number was raised; any other difference
 * fails until the document is written again ({@code -Dopenapi.write=true}) and committed with the change.
 */
public final class PublishedOpenApi {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path FILE = Path.of("openapi.json");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private PublishedOpenApi() {
    }

    /** Checks the running service (RestAssured's default base URI and port) against the committed document. */
    public static void verify() throws IOException {
        JsonNode running = JSON.readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(FILE, JSON.writeValueAsString(running) + "\n");
            return;
        }
        assertThat(FILE).as("the published OpenAPI document; make it with -Dopenapi.write=true").exists();
        JsonNode committed = JSON.readTree(FILE.toFile());
        List<String> breaking = breakingChanges(committed, running);
        if (major(running) <= major(committed)) {
            assertThat(breaking).as("changes that break callers of API version %s; raise info.version's major "
                    + "number (quarkus.smallrye-openapi.info-version) if they are meant", committed.at("/info/version")
                    .asText()).isEmpty();
        }
        assertThat(running).as("the running API differs from %s: if the change is meant, run this test with "
                + "-Dopenapi.write=true and commit the document with it", FILE.toAbsolutePath()).isEqualTo(committed);
    }

    /** What a caller built against {@code before} would trip over in {@code after}. */
    public static List<String> breakingChanges(JsonNode before, JsonNode after) {
        List<String> breaking = new ArrayList<>();
        for (Iterator<String> paths = before.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = before.path("paths").path(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (METHODS.contains(method) && after.path("paths").path(path).path(method).isMissingNode()) {
                    breaking.add("removed " + method.toUpperCase() + " " + path);
                }
            }
        }
        JsonNode oldSchemas = before.path("components").path("schemas");
        JsonNode newSchemas = after.path("components").path("schemas");
        for (Iterator<String> names = oldSchemas.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode was = oldSchemas.path(name);
            JsonNode is = newSchemas.path(name);
            if (is.isMissingNode()) {
                continue; // renamed or inlined: the operations above tell whether a caller is hurt
            }
            for (Iterator<String> properties = was.path("properties").fieldNames(); properties.hasNext(); ) {
                String property = properties.next();
                if (is.path("properties").path(property).isMissingNode()) {
                    breaking.add("removed property " + name + "." + property);
                }
            }
            List<String> required = new ArrayList<>();
            was.path("required").forEach(r -> required.add(r.asText()));
            is.path("required").forEach(r -> {
                if (!required.contains(r.asText())) {
                    breaking.add("newly required " + name + "." + r.asText());
                }
            });
        }
        return breaking;
    }

    private static int major(JsonNode document) {
        String version = document.at("/info/version").asText("0");
        return Integer.parseInt(version.split("\\.")[0]);
    }
}
