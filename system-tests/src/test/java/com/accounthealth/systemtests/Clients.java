package com.accounthealth.systemtests;

import java.net.http.HttpClient;
import java.time.Duration;

/** The generated Java client (platform/api-client) pointed at a process of the stack, with the stack's token. */
final class Clients {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(30);

    private Clients() {
    }

    static com.accounthealth.client.account.invoker.ApiClient accountService(Stack stack, String process) {
        return accountService(stack.url(process), stack.token(), READ);
    }

    /** A client of the account-service at {@code url} that gives up on an answer after {@code read}. */
    static com.accounthealth.client.account.invoker.ApiClient accountService(String url, String token, Duration read) {
        var client = new com.accounthealth.client.account.invoker.ApiClient(HttpClient.newBuilder()
                .connectTimeout(CONNECT), com.accounthealth.client.account.invoker.ApiClient.createDefaultObjectMapper(),
                url);
        client.setRequestInterceptor(r -> r.setHeader("Authorization", "Bearer " + token));
        return client.setReadTimeout(read);
    }

    static com.accounthealth.client.healthscore.invoker.ApiClient healthScoreService(Stack stack, String process) {
        var client = new com.accounthealth.client.healthscore.invoker.ApiClient(HttpClient.newBuilder()
                .connectTimeout(CONNECT),
                com.accounthealth.client.healthscore.invoker.ApiClient.createDefaultObjectMapper(), stack.url(process));
        client.setRequestInterceptor(r -> r.setHeader("Authorization", "Bearer " + stack.token()));
        return client.setReadTimeout(READ);
    }
}
