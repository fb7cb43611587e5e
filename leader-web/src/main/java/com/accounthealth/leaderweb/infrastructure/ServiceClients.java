package com.accounthealth.leaderweb.infrastructure;

import com.accounthealth.client.account.AccountsApi;
import com.accounthealth.client.healthscore.AlertsAsWorkApi;
import com.accounthealth.client.healthscore.BacktestsApi;
import com.accounthealth.client.healthscore.HealthApi;
import com.accounthealth.client.healthscore.ModelsApi;
import com.accounthealth.client.opportunity.OpportunitiesApi;
import io.quarkus.oidc.AccessTokenCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The services' APIs as the generated Java client (platform/api-client) gives them, one instance each for the whole
 * workspace. Every call carries the signed-in leader's own access token, so what a leader sees and may change is
 * decided by the APIs' scopes and team scoping, never by the workspace.
 */
@ApplicationScoped
public class ServiceClients {

    private final Duration connectTimeout;
    private final Consumer<HttpRequest.Builder> leaderToken;
    private final Duration readTimeout;
    private final String healthScoreUrl;
    private final String accountsUrl;
    private final String opportunitiesUrl;

    public ServiceClients(Instance<AccessTokenCredential> accessToken,
                          @ConfigProperty(name = "health-score.url") String healthScoreUrl,
                          @ConfigProperty(name = "accounts.url") String accountsUrl,
                          @ConfigProperty(name = "opportunities.url") String opportunitiesUrl,
                          @ConfigProperty(name = "services.connect-timeout") Duration connectTimeout,
                          @ConfigProperty(name = "services.read-timeout") Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.leaderToken = request -> request.setHeader("Authorization", "Bearer " + accessToken.get().getToken());
        this.readTimeout = readTimeout;
        this.healthScoreUrl = healthScoreUrl;
        this.accountsUrl = accountsUrl;
        this.opportunitiesUrl = opportunitiesUrl;
    }

    @Produces
    @ApplicationScoped
    HealthApi health() {
        return new HealthApi(healthScore());
    }

    @Produces
    @ApplicationScoped
    AlertsAsWorkApi alerts() {
        return new AlertsAsWorkApi(healthScore());
    }

    @Produces
    @ApplicationScoped
    ModelsApi models() {
        return new ModelsApi(healthScore());
    }

    @Produces
    @ApplicationScoped
    BacktestsApi backtests() {
        return new BacktestsApi(healthScore());
    }

    @Produces
    @ApplicationScoped
    AccountsApi accounts() {
        var client = new com.accounthealth.client.account.invoker.ApiClient(http(),
                com.accounthealth.client.account.invoker.ApiClient.createDefaultObjectMapper(), accountsUrl);
        client.setRequestInterceptor(leaderToken).setReadTimeout(readTimeout);
        return new AccountsApi(client);
    }

    @Produces
    @ApplicationScoped
    OpportunitiesApi opportunities() {
        var client = new com.accounthealth.client.opportunity.invoker.ApiClient(http(),
                com.accounthealth.client.opportunity.invoker.ApiClient.createDefaultObjectMapper(), opportunitiesUrl);
        client.setRequestInterceptor(leaderToken).setReadTimeout(readTimeout);
        return new OpportunitiesApi(client);
    }

    private com.accounthealth.client.healthscore.invoker.ApiClient healthScore() {
        var client = new com.accounthealth.client.healthscore.invoker.ApiClient(http(),
                com.accounthealth.client.healthscore.invoker.ApiClient.createDefaultObjectMapper(), healthScoreUrl);
        client.setRequestInterceptor(leaderToken).setReadTimeout(readTimeout);
        return client;
    }

    /** Each API object builds its HttpClient (and connection pool) once from this. */
    private HttpClient.Builder http() {
        return HttpClient.newBuilder().connectTimeout(connectTimeout);
    }
}
