package com.accounthealth.opportunity.infrastructure;

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
import java.util.UUID;

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

    private final Settings settings;
    private final HttpClient http;

    public VisibleAccounts(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @return true when account-service shows the account to this token; false when it answers that there is none
     * (404), or that the token may not read accounts at all (401, 403)
     * @throws Unreachable when account-service cannot say
     */
    public boolean includes(UUID accountId, String bearerToken) {
        HttpRequest request = HttpRequest.newBuilder(settings.url().resolve("/api/v1/accounts/" + accountId))
                .timeout(settings.timeout()).header("Authorization", "Bearer " + bearerToken)
                .header("Accept", "application/json").GET().build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new Unreachable("account-service did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while asking account-service", e);
        }
        return switch (status) {
            case 200 -> true;
            case 401, 403, 404 -> false;
            default -> {
                LOG.warnf("account-service answered %d for account %s", status, accountId);
                throw new Unreachable("account-service answered " + status, null);
            }
        };
    }
}
