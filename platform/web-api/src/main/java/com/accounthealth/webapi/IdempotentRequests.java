package com.accounthealth.webapi;

import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import javax.sql.DataSource;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on a POST: the first request runs and its answer is kept in the same transaction as the
 * change it made; a retry with the same key gets that answer back and changes nothing. A key reused for a different
 * request is refused (422). Two racing requests with one key: one commits, the other's transaction rolls back and it
 * answers what the first did. Keys are the caller's own (its token's subject), as with Stripe and the IETF draft: the
 * same key from another caller is another request, so no answer is ever replayed to a caller that did not ask.
 */
@ApplicationScoped
public class IdempotentRequests {

    private static final Logger LOG = Logger.getLogger(IdempotentRequests.class);
    private static final String UNIQUE_VIOLATION = "23505";
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    @ConfigMapping(prefix = "api.idempotency")
    public interface Settings {
        /** How long a key and its answer are kept (at least 24 h: clients retry across a day's outage). */
        @WithDefault("48h")
        Duration retention();
    }

    private record StoredAnswer(String requestHash, int status, String body, Map<String, String> headers) {
    }

    /**
     * A request of a bulk import under its own key, as a single POST would be keyed: the same key for the same
     * request, line or POST, is one request.
     *
     * @param scope       the method and path the request stands for, e.g. {@code POST /api/v1/accounts/{id}/feedback}
     * @param requestHash {@link #fingerprint} of the request body
     */
    public record Keyed(String scope, String key, String requestHash) {
    }

    /** What a keyed request was answered the first time: status, JSON body and its ETag, if any. */
    public record Answer(int status, String body, String etag) {
    }

    private static final class KeyTakenMeanwhile extends RuntimeException {
        KeyTakenMeanwhile() {
            super(null, null, false, false);
        }
    }

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final Settings settings;
    private final Caller caller;
    private final HttpServerRequest http;
    private final AnswersAtRest answers;
    private volatile Instant lastCleanup = Instant.EPOCH;

    public IdempotentRequests(DataSource dataSource, ObjectMapper json, Settings settings, Caller caller,
                              HttpServerRequest http, AnswersAtRest answers) {
        this.dataSource = dataSource;
        this.json = json;
        this.settings = settings;
        this.caller = caller;
        this.http = http;
        this.answers = answers;
    }

    /**
     * @param scope   what the key belongs to besides the caller, e.g. the request's method and path
     * @param keyHeader the client's Idempotency-Key header, or null for a plain request
     * @param request the request body, to recognise a key reused for a different request
     * @param action  the change; joins the transaction opened here
     */
    public Response once(String scope, String keyHeader, Object request, Supplier<Response> action) {
        // RESTEasy Reactive hands an empty header value over as null: an empty key is still a key, and a bad one.
        String key = keyHeader == null && http.headers().contains(HEADER) ? "" : keyHeader;
        if (key == null) {
            return QuarkusTransaction.requiringNew().call(action::get);
        }
        // Visible ASCII only, as the IETF draft's keys: the same key must read the same through every proxy and client.
        if (!validKey(key)) {
            throw ProblemException.badField(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        cleanUpIfDue();
        String hash = hash(request);
        String owner = owner();
        try {
            // The lookup shares the change's transaction and connection: one borrow from the pool per command, not two.
            return QuarkusTransaction.requiringNew().call(() -> {
                Optional<StoredAnswer> earlier = find(owner, scope, key);
                if (earlier.isPresent()) {
                    return replay(earlier.get(), hash, key);
                }
                Response response = action.get();
                if (response.getStatus() < 300) {
                    store(owner, scope, key, hash, response);
                }
                return response;
            });
        } catch (KeyTakenMeanwhile e) {
            return replay(find(owner, scope, key).orElseThrow(), hash, key);
        }
    }

    /**
     * Whose keys these are: the token's subject, with the teams it is limited to, so no replay crosses teams either.
     * Read while the request is being handled (a bulk import's answer is written after its method returned).
     */
    public String owner() {
        TeamScope teams = caller.teams();
        return teams.everyTeam() ? caller.subject() : caller.subject() + " " + new TreeSet<>(teams.teams());
    }

    private Response replay(StoredAnswer answer, String hash, String key) {
        if (!answer.requestHash().equals(hash)) {
            throw reused(key);
        }
        Response.ResponseBuilder r = Response.status(answer.status()).header(REPLAYED_HEADER, "true");
        answer.headers().forEach(r::header);
        if (answer.body() != null) {
            r.entity(answer.body()).type(MediaType.APPLICATION_JSON_TYPE);
        }
        return r.build();
    }

    private static ProblemException reused(String key) {
        return new ProblemException(Problem.of(422, "Idempotency key reused",
                "Idempotency-Key '" + key + "' was first used for a different request; use a new key for a new request.")
                .withErrors(List.of(new Problem.FieldError(HEADER, "was used for a different request"))));
    }

    private Optional<StoredAnswer> find(String owner, String scope, String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT request_hash, status, response_body, response_headers::text FROM idempotency_key
                     WHERE caller = ? AND scope = ? AND idempotency_key = ?""")) {
            ps.setString(1, owner);
            ps.setString(2, scope);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                @SuppressWarnings("unchecked")
                Map<String, String> headers = json.readValue(rs.getString(4), Map.class);
                return Optional.of(new StoredAnswer(rs.getString(1), rs.getInt(2), answers.open(rs.getString(3)), headers));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Could not read idempotency key " + key, e);
        }
    }

    private void store(String owner, String scope, String key, String hash, Response response) {
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION)) {
            Object value = response.getHeaders().getFirst(name);
            if (value != null) {
                headers.put(name, value.toString());
            }
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO idempotency_key (caller, scope, idempotency_key, request_hash, status, response_body,
                                                  response_headers)
                     VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
            ps.setString(1, owner);
            ps.setString(2, scope);
            ps.setString(3, key);
            ps.setString(4, hash);
            ps.setInt(5, response.getStatus());
            ps.setString(6, response.hasEntity() ? answers.seal(json.writeValueAsString(response.getEntity())) : null);
            ps.setString(7, json.writeValueAsString(headers));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new KeyTakenMeanwhile();
            }
            throw new IllegalStateException("Could not store idempotency key " + key, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the answer for idempotency key " + key, e);
        }
    }

    /** Whether a key is one this service accepts: 1 to 255 visible ASCII characters. */
    public static boolean validKey(String key) {
        return key != null && !key.isEmpty() && key.length() <= 255 && key.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    public String fingerprint(Object request) {
        return hash(request);
    }

    /**
     * The answers already given to these requests (by {@code owner}, see {@link #owner()}), in one query: by request. A key answered for a
     * different request answers a 422 problem.
     */
    public Map<Keyed, Answer> answered(String owner, List<Keyed> requests) {
        cleanUpIfDue();
        Map<Keyed, Answer> found = new HashMap<>();
        if (requests.isEmpty()) {
            return found;
        }
        Map<String, Keyed> byScopeAndKey = new HashMap<>();
        requests.forEach(r -> byScopeAndKey.put(r.scope() + '\n' + r.key(), r));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT k.scope, k.idempotency_key, k.request_hash, k.status, k.response_body,
                            k.response_headers ->> 'ETag'
                     FROM idempotency_key k JOIN unnest(?::text[], ?::text[]) AS r(scope, idempotency_key)
                          ON k.scope = r.scope AND k.idempotency_key = r.idempotency_key
                     WHERE k.caller = ?""")) {
            ps.setArray(1, c.createArrayOf("text", requests.stream().map(Keyed::scope).toArray()));
            ps.setArray(2, c.createArrayOf("text", requests.stream().map(Keyed::key).toArray()));
            ps.setString(3, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Keyed request = byScopeAndKey.get(rs.getString(1) + '\n' + rs.getString(2));
                    found.put(request, request.requestHash().equals(rs.getString(3))
                            ? new Answer(rs.getInt(4), answers.open(rs.getString(5)), rs.getString(6))
                            : new Answer(422, json.writeValueAsString(reused(request.key()).problem()), null));
                }
            }
            return found;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Could not read " + requests.size() + " idempotency keys", e);
        }
    }

    /**
     * Keeps the answers of requests a bulk import has just applied, in the caller's transaction, in one batch.
     *
     * @throws IllegalStateException if one of the keys was taken meanwhile (by a request racing this one): the
     *                               transaction is then lost and the caller reads {@link #answered} again
     */
    public void keep(String owner, Map<Keyed, Answer> applied) {
        if (applied.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO idempotency_key (caller, scope, idempotency_key, request_hash, status, response_body,
                                                  response_headers)
                     VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
            for (Map.Entry<Keyed, Answer> e : applied.entrySet()) {
                ps.setString(1, owner);
                ps.setString(2, e.getKey().scope());
                ps.setString(3, e.getKey().key());
                ps.setString(4, e.getKey().requestHash());
                ps.setInt(5, e.getValue().status());
                ps.setString(6, answers.seal(e.getValue().body()));
                ps.setString(7, e.getValue().etag() == null ? "{}"
                        : json.writeValueAsString(Map.of(HttpHeaders.ETAG, e.getValue().etag())));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Could not keep " + applied.size() + " idempotency keys", e);
        }
    }

    private String hash(Object request) {
        try {
            byte[] body = json.writeValueAsBytes(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Could not fingerprint the request", e);
        }
    }

    private void cleanUpIfDue() {
        if (Instant.now().isBefore(lastCleanup.plus(Duration.ofMinutes(10)))) {
            return;
        }
        lastCleanup = Instant.now();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_key WHERE created_at < now() - make_interval(secs => ?)")) {
            ps.setLong(1, settings.retention().toSeconds());
            int deleted = ps.executeUpdate();
            if (deleted > 0) {
                LOG.infof("Forgot %d idempotency keys older than %s", deleted, settings.retention());
            }
        } catch (SQLException e) {
            LOG.warnf("Could not delete old idempotency keys: %s", e.getMessage());
        }
    }

}
