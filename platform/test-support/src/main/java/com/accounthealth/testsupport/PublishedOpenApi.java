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
        assertThat(contractProblems(running)).as("what a client generated from the document would lack").isEmpty();
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

    /**
     * What a client generated from the document would lack: a unique {@code operationId} per operation, a schema for
     * every success answer, the problem answers (401, 403, 503 everywhere) with the shared {@code Problem} schema, the
     * {@code uuid} format of id path parameters, OAuth2 scopes for every scope an operation requires, and schema names
     * that say what they are (SmallRye numbers a second type of the same simple name: {@code Money1}).
     */
    public static List<String> contractProblems(JsonNode document) {
        List<String> problems = new ArrayList<>();
        document.path("components").path("schemas").fieldNames().forEachRemaining(schema -> {
            if (schema.matches(".*[A-Za-z]\\d+")) {
                problems.add("schema " + schema + " is numbered: two types share its name; name one of them");
            }
        });
        Set<String> operationIds = new java.util.HashSet<>();
        JsonNode schemes = document.path("components").path("securitySchemes");
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            if (!path.startsWith("/api/")) {
                continue;
            }
            for (Iterator<String> methods = document.path("paths").path(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (!METHODS.contains(method)) {
                    continue;
                }
                JsonNode operation = document.path("paths").path(path).path(method);
                String name = method.toUpperCase() + " " + path;
                String id = operation.path("operationId").asText("");
                if (id.isEmpty() || !operationIds.add(id)) {
                    problems.add(name + ": operationId '" + id + "' missing or not unique");
                }
                for (Iterator<String> codes = operation.path("responses").fieldNames(); codes.hasNext(); ) {
                    String code = codes.next();
                    for (Iterator<java.util.Map.Entry<String, JsonNode>> media = operation.path("responses").path(code)
                            .path("content").fields(); media.hasNext(); ) {
                        java.util.Map.Entry<String, JsonNode> m = media.next();
                        if (code.startsWith("2") && m.getValue().path("schema").isEmpty()) {
                            problems.add(name + ": " + code + " " + m.getKey() + " has no schema");
                        }
                    }
                }
                for (String code : List.of("401", "403", "503")) {
                    if (!operation.path("responses").path(code).path("content").path("application/problem+json")
                            .path("schema").path("$ref").asText().endsWith("/Problem")) {
                        problems.add(name + ": no " + code + " problem answer");
                    }
                }
                for (JsonNode parameter : operation.path("parameters")) {
                    if (parameter.path("in").asText().equals("path") && parameter.path("name").asText().matches(
                            "(account|alert|contact|event|issue|job|opportunity|snooze|subscription)Id")
                            && !parameter.path("schema").path("format").asText().equals("uuid")) {
                        problems.add(name + ": path parameter " + parameter.path("name").asText() + " is no uuid");
                    }
                }
                for (JsonNode requirement : operation.path("security")) {
                    for (Iterator<String> names = requirement.fieldNames(); names.hasNext(); ) {
                        String scheme = names.next();
                        for (JsonNode scope : requirement.path(scheme)) {
                            if (schemes.path(scheme).path("flows").path("clientCredentials").path("scopes")
                                    .path(scope.asText()).isMissingNode()) {
                                problems.add(name + ": scope " + scope.asText() + " is not an OAuth2 scope of " + scheme);
                            }
                        }
                    }
                }
            }
        }
        return problems;
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
