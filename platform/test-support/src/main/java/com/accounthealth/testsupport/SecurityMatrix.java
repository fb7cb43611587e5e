package com.accounthealth.testsupport;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code /api/v1} operation of a service against every kind of caller: no token, an expired one, one signed by
 * a stranger, one without the operation's scope, one limited to another sales team, and the right one (limited to the
 * fixture's team, unless the operation works on the whole portfolio). The operations and the scope each needs are read from the service's own OpenAPI document, so an
 * operation nobody listed here, or one without a security requirement, fails the test. A refused write appends nothing.
 */
public final class SecurityMatrix {

    /** What an operation does with the things of a sales team, which decides what a caller of another team gets. */
    public enum Kind {
        /** One thing of a team: other teams get 404. */
        READ_ONE,
        /** A list: other teams get 200 without the fixture; the fixture's team gets it. */
        READ_LIST,
        /** Figures over a team's things, or no team's things at all: other teams get 200 (computed from theirs). */
        READ_AGGREGATE,
        /** A change to one thing of a team: other teams get 404. */
        WRITE_EXISTING,
        /** Creating a thing for a team named in the body: other teams get 403. */
        CREATE,
        /** The whole portfolio at once: any token limited to teams gets 403. */
        PORTFOLIO_ADMIN,
        /** A bulk import naming a team's things line by line: other teams get 200, each line refused (404). */
        BULK
    }

    /**
     * @param path  the OpenAPI path template, e.g. {@code /api/v1/accounts/{accountId}}
     * @param query a query string to add (no leading ?), or null
     * @param body  a valid JSON body for writes, or null
     * @param listed for a list, what it names when it holds the fixture's team's thing, when that is not the
     *               fixture's id (a list of subscriptions names a subscription); null: the fixture's id
     * @param contentType the body's media type
     */
    public record Endpoint(String method, String path, String query, Kind kind, String body, String listed,
                           String contentType) {
        public Endpoint(String method, String path, String query, Kind kind, String body) {
            this(method, path, query, kind, body, null);
        }

        public Endpoint(String method, String path, String query, Kind kind, String body, String listed) {
            this(method, path, query, kind, body, listed, "application/json");
        }

        String listedId(Fixture fixture) {
            return listed == null ? fixture.fixtureId() : listed;
        }

        String operation() {
            return method.toUpperCase() + " " + path;
        }

        boolean writes() {
            return !method.equalsIgnoreCase("GET");
        }
    }

    /**
     * @param pathValues  the value of each path parameter, e.g. accountId: the fixture's id
     * @param team        the fixture's sales team
     * @param fixtureId   what a list answer names when it holds the fixture
     * @param appended    how many events (or other records of a change) the service holds now
     */
    public record Fixture(Map<String, String> pathValues, String team, String fixtureId, IntSupplier appended) {

        /** Counts the rows of a table, e.g. the event store, as what a write appends. */
        public static IntSupplier rowsOf(DataSource dataSource, String table) {
            return () -> {
                try (Connection c = dataSource.getConnection();
                     ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    return rs.getInt(1);
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not count the rows of " + table, e);
                }
            };
        }
    }

    private SecurityMatrix() {
    }

    /** Runs the matrix; returns how many requests it checked. */
    public static int verify(List<Endpoint> endpoints, Fixture fixture) {
        Map<String, String> scopes = requiredScopes();
        assertThat(new TreeSet<>(endpoints.stream().map(Endpoint::operation).toList()))
                .as("every /api/v1 operation of the OpenAPI document is in the matrix, and nothing else")
                .isEqualTo(new TreeSet<>(scopes.keySet()));
        Set<String> allScopes = new TreeSet<>(scopes.values());
        allScopes.addAll(List.of("accounts:read", "accounts:write", "opportunities:read", "opportunities:write",
                "health:read", "notifications:manage", "health:admin", "alerts:work"));
        int checked = 0;
        for (Endpoint e : endpoints) {
            String scope = scopes.get(e.operation());
            String[] others = allScopes.stream().filter(s -> !s.equals(scope)).toArray(String[]::new);
            int before = fixture.appended().getAsInt();

            unauthorized(e, fixture, null, "no token");
            unauthorized(e, fixture, TestTokens.expired("matrix", scope), "expired token");
            unauthorized(e, fixture, TestTokens.signedByStranger("matrix", scope), "token signed by another key");
            expect(e, fixture, TestTokens.token("matrix", others), 403, "token without " + scope);
            otherTeam(e, fixture, TestTokens.teamToken("matrix", List.of("some-other-team"), scope));
            checked += 5;
            if (e.writes()) {
                assertThat(fixture.appended().getAsInt()).as("%s: refused writes appended nothing", e.operation())
                        .isEqualTo(before);
            }

            // The right caller: limited to the fixture's team, but for the whole portfolio where the operation is.
            Response right = call(e, fixture, e.kind() == Kind.PORTFOLIO_ADMIN ? TestTokens.token("matrix", scope)
                    : TestTokens.teamToken("matrix", List.of(fixture.team()), scope));
            assertThat(right.statusCode()).as("%s with %s: %s", e.operation(), scope, right.asString())
                    .isNotIn(401, 403);
            if (e.kind() == Kind.READ_ONE || e.kind() == Kind.WRITE_EXISTING) {
                assertThat(right.statusCode()).as("%s: the fixture's own team finds it", e.operation()).isNotEqualTo(404);
            }
            if (e.kind() == Kind.READ_LIST) {
                assertThat(right.statusCode()).isEqualTo(200);
                assertThat(right.asString()).as("%s lists the fixture for its team", e.operation())
                        .contains(e.listedId(fixture));
            }
            checked++;
        }
        return checked;
    }

    private static void unauthorized(Endpoint e, Fixture fixture, String token, String what) {
        Response r = expect(e, fixture, token, 401, what);
        assertThat(r.header("WWW-Authenticate")).as("%s with %s: a Bearer challenge", e.operation(), what)
                .startsWith("Bearer");
    }

    private static void otherTeam(Endpoint e, Fixture fixture, String token) {
        String what = "token for another team";
        switch (e.kind()) {
            case READ_ONE, WRITE_EXISTING -> expect(e, fixture, token, 404, what);
            case CREATE, PORTFOLIO_ADMIN -> expect(e, fixture, token, 403, what);
            case READ_AGGREGATE -> expect(e, fixture, token, 200, what);
            case BULK -> assertThat(expect(e, fixture, token, 200, what).asString())
                    .as("%s with %s refuses each line", e.operation(), what).contains("\"status\":404")
                    .doesNotContain("\"status\":20");
            case READ_LIST -> assertThat(expect(e, fixture, token, 200, what).asString())
                    .as("%s with %s leaves the fixture out", e.operation(), what).doesNotContain(e.listedId(fixture));
        }
    }

    private static Response expect(Endpoint e, Fixture fixture, String token, int status, String what) {
        Response r = call(e, fixture, token);
        assertThat(r.statusCode()).as("%s with %s: %s", e.operation(), what, r.asString()).isEqualTo(status);
        if (status >= 400) {
            assertThat(r.contentType()).as("%s with %s answers a problem document", e.operation(), what)
                    .startsWith("application/problem+json");
        }
        return r;
    }

    private static Response call(Endpoint e, Fixture fixture, String token) {
        String path = e.path();
        for (Map.Entry<String, String> value : fixture.pathValues().entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        assertThat(path).as("every path parameter of %s has a fixture value", e.operation()).doesNotContain("{");
        RequestSpecification request = token == null ? given() : given().auth().oauth2(token);
        if (e.body() != null) {
            request = request.contentType(e.contentType())
                    .body(e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return request.request(e.method(), e.query() == null ? path : path + "?" + e.query());
    }

    /** Each /api/v1 operation of the service's OpenAPI document ("POST /api/v1/...") and the one scope it needs. */
    private static Map<String, String> requiredScopes() {
        JsonPath doc = new JsonPath(given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        Map<String, String> scopes = new java.util.TreeMap<>();
        List<String> unsecured = new ArrayList<>();
        paths.forEach((path, operations) -> {
            if (!path.startsWith("/api/v1")) {
                return;
            }
            operations.forEach((method, operation) -> {
                @SuppressWarnings("unchecked")
                List<Map<String, List<String>>> security = (List<Map<String, List<String>>>) operation.get("security");
                String name = method.toUpperCase() + " " + path;
                if (security == null || security.isEmpty() || security.get(0).get("oauth2") == null
                        || security.get(0).get("oauth2").size() != 1) {
                    unsecured.add(name);
                } else {
                    scopes.put(name, security.get(0).get("oauth2").get(0));
                }
            });
        });
        assertThat(unsecured).as("operations without exactly one required scope of the oauth2 scheme").isEmpty();
        return scopes;
    }
}
