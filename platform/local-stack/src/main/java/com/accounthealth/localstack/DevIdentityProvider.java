package com.accounthealth.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A development identity provider that speaks OpenID Connect's authorization-code flow (discovery, a sign-in form,
 * the token endpoint, JWKS, sign-out) for the local stack and the tests, where no company identity provider runs.
 * Its tokens are signed with the development key the services already trust, with the issuer they expect, so the
 * access token a leader signs in with is the bearer token the workspace sends to the APIs. Users are fixed (see
 * {@link #USERS}); nothing here is used in production, where the company's identity provider takes its place.
 */
public final class DevIdentityProvider implements AutoCloseable {

    /**
     * @param teams  the sales teams the user leads, or null for every team
     * @param scopes what the user's access token allows
     */
    public record User(String username, String name, String email, List<String> teams, List<String> scopes) {
    }

    /** What a sales leader's access token allows: reading everything of the leader's teams and working its alerts. */
    public static final List<String> LEADER_SCOPES = List.of("accounts:read", "opportunities:read", "health:read",
            "alerts:work");
    public static final String PASSWORD = "demo";
    public static final List<User> USERS = List.of(
            new User("lena", "Lena Brandt", "lena.brandt@example.com", List.of("emea-north"), LEADER_SCOPES),
            // The head of sales of every team also looks after the health model: backtests, what-ifs, activation.
            new User("sam", "Sam Okafor", "sam.okafor@example.com", null,
                    Stream.concat(LEADER_SCOPES.stream(), Stream.of("health:admin"))
                            .toList()));

    private static final Duration TOKEN_LIFETIME = Duration.ofHours(8);
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(2);

    private record Grant(User user, String clientId, String redirectUri, String nonce, Instant expires) {
    }

    private final HttpServer server;
    private final JwtIssuer issuer;
    private final Map<String, String> clientSecrets;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private DevIdentityProvider(HttpServer server, JwtIssuer issuer, Map<String, String> clientSecrets) {
        this.server = server;
        this.issuer = issuer;
        this.clientSecrets = Map.copyOf(clientSecrets);
    }

    /**
     * Starts the provider on {@code port} of the loopback interface (0: any free port).
     *
     * @param clientSecrets the applications allowed to sign users in: client id to client secret
     */
    public static DevIdentityProvider start(JwtIssuer issuer, int port, Map<String, String> clientSecrets) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            DevIdentityProvider provider = new DevIdentityProvider(server, issuer, clientSecrets);
            server.createContext("/.well-known/openid-configuration", provider::discovery);
            server.createContext("/jwks", e -> provider.answer(e, 200, "application/json",
                    "{\"keys\":[" + issuer.publicJwk() + "]}"));
            server.createContext("/authorize", provider::authorize);
            server.createContext("/token", provider::token);
            server.createContext("/logout", provider::logout);
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "dev-identity-provider");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the development identity provider on port " + port, e);
        }
    }

    /** A random secret of 48 characters, for the keys a workspace started on this machine signs and encrypts with. */
    public static String randomSecret() {
        byte[] bytes = new byte[36];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The settings of a workspace (leader-web) run on this machine that signs leaders in here as {@code clientId}
     * and calls the services at these URLs: fresh session and CSRF keys each start (sessions of a previous run simply
     * sign in again), and cookies without Secure, since this machine serves plain http (production sets it).
     */
    public Map<String, String> workspaceSettings(String clientId, String accountsUrl, String opportunitiesUrl,
                                                 String healthScoreUrl) {
        return Map.ofEntries(
                Map.entry("quarkus.oidc.auth-server-url", url()),
                Map.entry("quarkus.oidc.client-id", clientId),
                Map.entry("quarkus.oidc.credentials.secret", clientSecrets.get(clientId)),
                Map.entry("quarkus.oidc.token-state-manager.encryption-secret", randomSecret()),
                Map.entry("quarkus.rest-csrf.token-signature-key", randomSecret()),
                Map.entry("quarkus.oidc.authentication.cookie-force-secure", "false"),
                Map.entry("quarkus.rest-csrf.cookie-force-secure", "false"),
                Map.entry("accounts.url", accountsUrl),
                Map.entry("opportunities.url", opportunitiesUrl),
                Map.entry("health-score.url", healthScoreUrl),
                Map.entry("quarkus.log.console.json.enabled", "false"));
    }

    /** Where an application finds this provider (quarkus.oidc.auth-server-url). */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void discovery(HttpExchange e) throws IOException {
        String base = url();
        answer(e, 200, "application/json", """
                {"issuer":%s,"authorization_endpoint":"%s/authorize","token_endpoint":"%s/token",
                 "jwks_uri":"%s/jwks","end_session_endpoint":"%s/logout","response_types_supported":["code"],
                 "subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"],
                 "token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post"],
                 "scopes_supported":["openid","profile","email"]}"""
                .formatted(JwtIssuer.quote(JwtIssuer.DEV_ISSUER), base, base, base, base));
    }

    private void authorize(HttpExchange e) throws IOException {
        Map<String, String> asked = "POST".equals(e.getRequestMethod()) ? form(e) : query(e.getRequestURI());
        String clientId = asked.getOrDefault("client_id", "");
        String redirectUri = asked.getOrDefault("redirect_uri", "");
        if (!clientSecrets.containsKey(clientId) || !isLoopback(redirectUri)) {
            answer(e, 400, "text/plain", "Unknown client or a redirect_uri that is not on this machine");
            return;
        }
        if (!"POST".equals(e.getRequestMethod())) {
            answer(e, 200, "text/html", signInPage(asked, null));
            return;
        }
        Optional<User> user = USERS.stream().filter(u -> u.username().equals(asked.get("username"))).findFirst();
        if (user.isEmpty() || !PASSWORD.equals(asked.get("password"))) {
            answer(e, 200, "text/html", signInPage(asked, "Unknown user or wrong password."));
            return;
        }
        codes.values().removeIf(g -> g.expires().isBefore(Instant.now()));
        String code = randomToken();
        codes.put(code, new Grant(user.get(), clientId, redirectUri, asked.get("nonce"),
                Instant.now().plus(CODE_LIFETIME)));
        String state = asked.get("state");
        redirect(e, redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code
                + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)));
    }

    private void token(HttpExchange e) throws IOException {
        Map<String, String> asked = form(e);
        String[] client = clientCredentials(e, asked);
        if (client == null || !client[1].equals(clientSecrets.get(client[0]))) {
            answer(e, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        // Only an authenticated client uses a code up: a stranger's guess cannot spend someone else's.
        Grant grant = codes.remove(asked.getOrDefault("code", ""));
        if (!"authorization_code".equals(asked.get("grant_type")) || grant == null
                || grant.expires().isBefore(Instant.now()) || !grant.clientId().equals(client[0])
                || !grant.redirectUri().equals(asked.get("redirect_uri"))) {
            answer(e, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        User user = grant.user();
        Instant now = Instant.now();
        String access = issuer.token(user.username(), user.scopes(), user.teams(), now, now.plus(TOKEN_LIFETIME));
        String id = issuer.sign("""
                {"iss":%s,"aud":%s,"sub":%s,"iat":%d,"exp":%d,"name":%s,"email":%s,"preferred_username":%s%s}"""
                .formatted(JwtIssuer.quote(JwtIssuer.DEV_ISSUER), JwtIssuer.quote(grant.clientId()),
                        JwtIssuer.quote(user.username()), now.getEpochSecond(), now.plus(TOKEN_LIFETIME).getEpochSecond(),
                        JwtIssuer.quote(user.name()), JwtIssuer.quote(user.email()), JwtIssuer.quote(user.username()),
                        grant.nonce() == null ? "" : ",\"nonce\":" + JwtIssuer.quote(grant.nonce())));
        answer(e, 200, "application/json", """
                {"access_token":"%s","id_token":"%s","token_type":"Bearer","expires_in":%d}"""
                .formatted(access, id, TOKEN_LIFETIME.toSeconds()));
    }

    private void logout(HttpExchange e) throws IOException {
        String back = query(e.getRequestURI()).get("post_logout_redirect_uri");
        if (back != null && isLoopback(back)) {
            redirect(e, back);
        } else {
            answer(e, 200, "text/html", page("<p>You are signed out.</p>"));
        }
    }

    private String signInPage(Map<String, String> asked, String error) {
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("client_id", "redirect_uri", "state", "nonce", "scope", "response_type")) {
            if (asked.containsKey(name)) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(html(asked.get(name))).append("\">");
            }
        }
        String users = USERS.stream().map(u -> "<li><code>" + u.username() + "</code>: " + html(u.name())
                + (u.teams() == null ? ", leader of every team" : ", leader of " + String.join(", ", u.teams()))
                + "</li>").collect(Collectors.joining());
        return page("""
                <h1>Sign in to Account Health</h1>
                <p>Development identity provider. Users (password <code>%s</code>):</p><ul>%s</ul>
                %s
                <form method="post" action="/authorize">%s
                  <p><label for="username">User name</label><br><input id="username" name="username" autocomplete="username" required></p>
                  <p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
                  <p><button id="sign-in" type="submit">Sign in</button></p>
                </form>""".formatted(PASSWORD, users, error == null ? "" : "<p role=\"alert\">" + error + "</p>", hidden));
    }

    private static String page(String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>Sign in</title></head><body "
                + "style=\"font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem\">" + body
                + "</body></html>";
    }

    private static boolean isLoopback(String uri) {
        try {
            String host = URI.create(uri).getHost();
            return host != null && (host.equals("localhost") || host.equals("127.0.0.1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** client_secret_basic, or client_secret_post; null if neither is there. */
    private static String[] clientCredentials(HttpExchange e, Map<String, String> form) {
        String header = e.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.startsWith("Basic ")) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
            int colon = pair.indexOf(':');
            return colon < 0 ? null : new String[] {URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8)};
        }
        return form.containsKey("client_id") && form.containsKey("client_secret")
                ? new String[] {form.get("client_id"), form.get("client_secret")} : null;
    }

    private String randomToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> form(HttpExchange e) throws IOException {
        byte[] body = e.getRequestBody().readNBytes(16_384);
        return parameters(new String(body, StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(URI uri) {
        return parameters(uri.getRawQuery() == null ? "" : uri.getRawQuery());
    }

    private static Map<String, String> parameters(String encoded) {
        Map<String, String> values = new HashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void redirect(HttpExchange e, String location) throws IOException {
        e.getResponseHeaders().add("Location", location);
        e.sendResponseHeaders(302, -1);
        e.close();
    }

    private void answer(HttpExchange e, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        e.getResponseHeaders().add("Cache-Control", "no-store");
        e.sendResponseHeaders(status, bytes.length);
        e.getResponseBody().write(bytes);
        e.close();
    }
}
