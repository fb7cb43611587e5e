package com.accounthealth.webapi;

import com.accounthealth.webapi.security.Roles;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.OAuthFlow;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * States in each service's OpenAPI document what its annotations cannot: the RFC 9457 problem every error is (a shared
 * {@code Problem} schema, and the statuses each operation can answer with it), the format of path ids, and the OAuth2
 * scopes a token carries (a bearer scheme cannot carry scopes). A client generated from the document then knows every
 * answer.
 */
// At run time: after Quarkus's own filters, which document the bearer scheme and the 401 and 403 answers.
@OpenApiFilter(OpenApiFilter.RunStage.RUN)
public class PublishedErrors implements OASFilter {

    static final String PROBLEM = "Problem";
    /** The scheme Quarkus documents ({@code quarkus.smallrye-openapi.security-scheme-name}) and the one it becomes. */
    private static final String BEARER = "bearer";
    private static final String OAUTH2 = "oauth2";
    private static final String JSON_NODE = "JsonNode";
    /** The path parameters that are UUIDs (other path values: a system's name, an external id, a version number). */
    static final Set<String> UUID_PARAMETERS = Set.of("accountId", "alertId", "contactId", "eventId", "issueId", "jobId",
            "opportunityId", "snoozeId", "subscriptionId");
    private static final Map<String, String> SCOPES = new LinkedHashMap<>();

    static {
        SCOPES.put(Roles.ACCOUNTS_READ, "Read accounts, contacts and their facts");
        SCOPES.put(Roles.ACCOUNTS_WRITE, "Record accounts and facts about them");
        SCOPES.put(Roles.ACCOUNTS_IMPORT, "Load the history of accounts in bulk (imported facts alert no one)");
        SCOPES.put(Roles.OPPORTUNITIES_READ, "Read deals and the pipeline");
        SCOPES.put(Roles.OPPORTUNITIES_WRITE, "Record deals and their changes");
        SCOPES.put(Roles.OPPORTUNITIES_IMPORT, "Load the history of deals in bulk (imported facts alert no one)");
        SCOPES.put(Roles.HEALTH_READ, "Read account health, alerts and the portfolio");
        SCOPES.put(Roles.NOTIFICATIONS_MANAGE, "Manage sales leaders' subscriptions");
        SCOPES.put(Roles.ALERTS_WORK, "Acknowledge, assign, snooze and resolve alerts");
        SCOPES.put(Roles.HEALTH_ADMIN, "Re-score the portfolio, manage health models");
        SCOPES.put(Roles.PERSONAL_DATA_READ, "Answer access requests");
        SCOPES.put(Roles.PERSONAL_DATA_ERASE, "Carry out erasure requests");
    }

    private static final Map<Integer, String> MEANINGS = Map.ofEntries(
            Map.entry(400, "A value of the request is invalid: errors[] names each bad field"),
            Map.entry(401, "No valid bearer token"),
            Map.entry(403, "The token lacks the scope, or names teams that exclude the one written"),
            Map.entry(404, "Not found, or not visible to the token's teams"),
            Map.entry(409, "Refused in the resource's current state, or If-Match names another version "
                    + "(currentVersion says which)"),
            Map.entry(413, "The body is larger than the service accepts"),
            Map.entry(415, "The body is not of the media type the operation takes"),
            Map.entry(422, "The Idempotency-Key was first used for a different request"),
            Map.entry(429, "Over the caller's write rate: retry after Retry-After with the same Idempotency-Key"),
            Map.entry(503, "The service is at capacity (the request was shed, nothing stored) or its database cannot "
                    + "take the request now: retry after Retry-After, with backoff and the same Idempotency-Key"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(PROBLEM, problemSchema());
        anyJson(openAPI.getComponents());
        Map<String, SecurityScheme> schemes = openAPI.getComponents().getSecuritySchemes();
        if (schemes != null && schemes.containsKey(BEARER)) {
            SecurityScheme scheme = schemes.get(BEARER);
            withScopes(scheme);
            openAPI.getComponents().removeSecurityScheme(BEARER);
            openAPI.getComponents().addSecurityScheme(OAUTH2, scheme);
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            item.getOperations().forEach((method, operation) -> {
                renameScheme(operation);
                idFormats(item, operation);
                errors(path, method, operation);
            });
        });
    }

    /**
     * Free-form JSON (a fact's data, an alert's payload) is any JSON value: the scanner would otherwise describe it as
     * the bean properties of Jackson's JsonNode class (isArray, isTextual, ...), which no answer carries.
     */
    private static void anyJson(Components components) {
        if (components.getSchemas() != null && components.getSchemas().containsKey(JSON_NODE)) {
            components.addSchema(JSON_NODE, OASFactory.createSchema().description("Any JSON value."));
            components.removeSchema(JSON_NODE + "Type");
        }
    }

    /** The problems an operation can answer, as the mappers answer them ({@link ProblemMappers}). */
    private static void errors(String path, PathItem.HttpMethod method, Operation operation) {
        boolean write = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
        boolean takesValues = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty()) || path.contains("{");
        List<Integer> statuses = new java.util.ArrayList<>(List.of(401, 403, 503));
        if (takesValues) {
            statuses.add(400);
        }
        if (path.contains("{") || write) {
            statuses.add(404); // a write names an account or deal, in its path or its body
        }
        if (write) {
            statuses.addAll(List.of(409, 429));
        }
        if (operation.getRequestBody() != null) {
            statuses.addAll(List.of(413, 415));
        }
        if (operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> IdempotentRequests.HEADER.equals(p.getName()))) {
            statuses.add(422);
        }
        APIResponses responses = operation.getResponses() != null ? operation.getResponses()
                : OASFactory.createAPIResponses();
        for (int status : statuses.stream().sorted().toList()) {
            String code = String.valueOf(status);
            // Quarkus documents 401 and 403 of a secured operation without a body: every error here has one.
            org.eclipse.microprofile.openapi.models.responses.APIResponse response = responses.hasAPIResponse(code)
                    ? responses.getAPIResponse(code) : OASFactory.createAPIResponse();
            if (response.getContent() == null || response.getContent().getMediaTypes() == null
                    || response.getContent().getMediaTypes().isEmpty()) {
                response.description(MEANINGS.get(status)).content(OASFactory.createContent().addMediaType(
                        Problem.MEDIA_TYPE, OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
            }
            responses.addAPIResponse(code, response);
        }
        operation.setResponses(responses);
    }

    /** The requirement names the scheme by the name it has now. */
    private static void renameScheme(Operation operation) {
        if (operation.getSecurity() == null) {
            return;
        }
        for (org.eclipse.microprofile.openapi.models.security.SecurityRequirement requirement : operation.getSecurity()) {
            if (requirement.hasScheme(BEARER)) {
                List<String> scopes = requirement.getScheme(BEARER);
                requirement.removeScheme(BEARER);
                requirement.addScheme(OAUTH2, scopes);
            }
        }
    }

    private static void idFormats(PathItem item, Operation operation) {
        for (List<Parameter> parameters : java.util.Arrays.asList(item.getParameters(), operation.getParameters())) {
            if (parameters == null) {
                continue;
            }
            for (Parameter p : parameters) {
                if (p.getIn() == Parameter.In.PATH && UUID_PARAMETERS.contains(p.getName()) && p.getSchema() != null) {
                    p.getSchema().setFormat("uuid");
                }
            }
        }
    }

    /** The scheme every operation's requirement names, as OAuth2 client credentials with the scopes it grants. */
    private static void withScopes(SecurityScheme scheme) {
        scheme.setType(SecurityScheme.Type.OAUTH2);
        scheme.setScheme(null);
        scheme.setBearerFormat(null);
        scheme.setDescription("OAuth2 access tokens (JWT) from the identity provider: the \"scope\" claim holds the "
                + "scopes, an optional \"teams\" claim limits the token to those sales teams.");
        OAuthFlow clientCredentials = OASFactory.createOAuthFlow()
                .tokenUrl(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getOptionalValue("api.token-url", String.class)
                        .orElse("https://identity.account-health.local/oauth2/token"));
        SCOPES.forEach(clientCredentials::addScope);
        scheme.setFlows(OASFactory.createOAuthFlows().clientCredentials(clientCredentials));
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .required(List.of("field", "message"))
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("A JSON path into the body, or a path, query or header parameter"))
                .addProperty("message", text);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem details document")
                .required(List.of("type", "title", "status"))
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri-reference"))
                .addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .minimum(java.math.BigDecimal.valueOf(400)).maximum(java.math.BigDecimal.valueOf(599)))
                .addProperty("detail", text)
                .addProperty("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .format("uri-reference"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError))
                .addProperty("currentVersion", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                        .format("int32").description("On a version conflict: the version to read again"));
    }
}
