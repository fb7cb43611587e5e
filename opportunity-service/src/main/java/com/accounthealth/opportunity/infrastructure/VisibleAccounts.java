package com.accounthealth.opportunity.infrastructure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Whether the calling system may see an account, answered by account-service itself: asked with the caller's own
 * bearer token, so account-service's team scoping decides (another team's account is a 404 there too), and no copy of
 * the account's team has to be kept here, where it could lag behind a move to another team.
 */
@ApplicationScoped
public class VisibleAccounts {

    private static final Logger LOG = Logger.getLogger(VisibleAccounts.class);

    @ConfigMapping(prefix = "accounts")
    public interface Settings {
        /** account-service's base URL, e.g. http://account-service:8080. */
        URI url();

        /** How long one check may take, connecting included, before the command answers 503. */
        @WithDefault("2s")
        Duration timeout();
    }

    /** account-service did not answer within the timeout, or answered with a failure of its own. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Ids asked for in one request: account-service lists at most 50 by id (a request line's length). */
    private static final int IDS_PER_REQUEST = 50;

    private final Settings settings;
    private final HttpClient http;
    private final ObjectMapper json;

    public VisibleAccounts(Settings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @return true when account-service shows the account to this token; false when it does not (no such account,
     * another team's, or a token that may not read accounts at all)
     * @throws Unreachable when account-service cannot say, or refuses the token itself (401: expired since this
     *                     service accepted it, or signed with a key account-service does not trust)
     */
    public boolean includes(UUID accountId, String bearerToken) {
        return visibleAmong(Set.of(accountId), bearerToken).contains(accountId);
    }

    /**
     * Which of these accounts account-service shows to this token, asked {@value #IDS_PER_REQUEST} at a time from its
     * list of account summaries (cheap: a row each, where GET of one account folds its whole history).
     *
     * @throws Unreachable when account-service cannot say
     */
    public Set<UUID> visibleAmong(Collection<UUID> accountIds, String bearerToken) {
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(accountIds));
        Set<UUID> visible = new HashSet<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_REQUEST) {
            List<UUID> some = ids.subList(from, Math.min(ids.size(), from + IDS_PER_REQUEST));
            String query = some.stream().map(id -> "id=" + id).collect(Collectors.joining("&"));
            HttpRequest request = HttpRequest.newBuilder(settings.url().resolve("/api/v1/accounts?" + query
                            + "&size=" + IDS_PER_REQUEST)).timeout(settings.timeout())
                    .header("Authorization", "Bearer " + bearerToken).header("Accept", "application/json").GET()
                    .build();
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new Unreachable("account-service did not answer: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unreachable("interrupted while asking account-service", e);
            }
            switch (response.statusCode()) {
                case 200 -> visible.addAll(listed(response.body(), some));
                case 403 -> {
                    return Set.of(); // the token may not read accounts: it sees none
                }
                default -> {
                    LOG.warnf("account-service answered %d for %d accounts", response.statusCode(), some.size());
                    throw new Unreachable("account-service answered " + response.statusCode(), null);
                }
            }
        }
        return visible;
    }

    /** The ids of the listed accounts; an account not asked for means an account-service that lists by id no more. */
    private List<UUID> listed(byte[] page, List<UUID> asked) {
        List<UUID> ids = new ArrayList<>();
        try {
            json.readTree(page).path("items").forEach(item -> ids.add(UUID.fromString(item.path("accountId").asText())));
        } catch (IOException | IllegalArgumentException e) {
            throw new Unreachable("account-service answered a list this service cannot read: " + e, e);
        }
        if (!asked.containsAll(ids)) {
            throw new Unreachable("account-service listed accounts it was not asked for: it does not list by id "
                    + "(an account-service older than this opportunity-service?)", null);
        }
        return ids;
    }
}
