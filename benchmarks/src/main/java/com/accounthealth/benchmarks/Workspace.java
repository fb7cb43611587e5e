package com.accounthealth.benchmarks;

import com.accounthealth.localstack.DevIdentityProvider;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The sales-leader workspace's pages at the benchmark's portfolio size: a leader of every team signs in through the
 * development identity provider, then opens the portfolio (all teams, one team) and account pages one after another.
 * On loopback with one request at a time, the time to the last byte is the pages' server time. Target: 300 ms.
 */
final class Workspace {

    private static final String CLIENT_SECRET = "benchmark-client-secret-0123456789abcdef";
    private static final int REQUESTS = 100;

    private Workspace() {
    }

    static void run(BenchStack stack, Results results) throws Exception {
        try (DevIdentityProvider identityProvider = DevIdentityProvider.start(stack.issuer(), 0,
                Map.of("leader-web", CLIENT_SECRET))) {
            stack.startWorkspace(identityProvider);
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
            signIn(browser, BenchStack.WORKSPACE.url(), "sam");

            // Accounts opened through account-service (the ingest portfolio's exist only as events), once scored.
            List<String> accounts = AccountPool.open(BenchStack.ACCOUNTS.url(), stack.token(), 20).members().stream()
                    .map(AccountPool.Member::accountId).toList();
            HttpClient api = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            for (String account : accounts) {
                while (api.send(HttpRequest.newBuilder(URI.create(BenchStack.HEALTH.url() + "/api/v1/health/accounts/"
                                + account)).header("Authorization", "Bearer " + stack.token()).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("health-score-service did not score account " + account);
                    }
                    Thread.sleep(200);
                }
            }
            measure(results, browser, "portfolio", "all teams", i -> "/portfolio");
            measure(results, browser, "portfolio_team", "one team", i -> "/portfolio?team=emea-north");
            measure(results, browser, "alerts", "alert inbox", i -> "/alerts");
            measure(results, browser, "account", "an account (" + accounts.size() + " in turn)",
                    i -> "/accounts/" + accounts.get(i % accounts.size()));
        }
    }

    private interface PathFor {
        String path(int request);
    }

    private static void measure(Results results, HttpClient browser, String key, String what, PathFor paths)
            throws Exception {
        Latencies latencies = new Latencies();
        int failed = 0;
        String firstFailure = null;
        for (int i = 0; i < REQUESTS; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(browser, BenchStack.WORKSPACE.url() + paths.path(i));
            if (r.statusCode() == 200) {
                latencies.add((System.nanoTime() - t0) / 1_000);
            } else {
                failed++;
                if (firstFailure == null) {
                    firstFailure = r.statusCode() + " " + r.headers().firstValue("Location").orElse("");
                }
            }
        }
        double p50 = latencies.percentileMs(50);
        double p99 = latencies.percentileMs(99);
        results.key("workspace_" + key + "_p50_ms", p50);
        results.key("workspace_" + key + "_p99_ms", p99);
        results.row("workspace", "%s page, one leader (p50 / p99)".formatted(what),
                "%.0f / %.0f ms%s".formatted(p50, p99, failed == 0 ? "" : " (" + failed + " failed)"), "", "",
                "≤ 300 ms");
        BenchStack.log("workspace %s: p50 %.0f ms, p99 %.0f ms, %d failed%s", what, p50, p99, failed,
                firstFailure == null ? "" : " (first: " + firstFailure + ")");
    }

    /** The authorization-code flow as a browser follows it: the workspace, the sign-in form, back with a code. */
    private static void signIn(HttpClient browser, String workspace, String user) throws Exception {
        HttpResponse<String> r = get(browser, workspace + "/portfolio");
        String authorize = r.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "The workspace did not send an unsigned-in visitor to sign in (" + r.statusCode() + ")"));
        URI uri = URI.create(authorize);
        String form = uri.getRawQuery() + "&username=" + user + "&password="
                + URLEncoder.encode(DevIdentityProvider.PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(uri.resolve("/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String back = signedIn.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "The identity provider did not sign " + user + " in (" + signedIn.statusCode() + ")"));
        HttpResponse<String> landed = get(browser, back);
        String next = landed.headers().firstValue("Location").orElse(back);
        HttpResponse<String> page = get(browser, next.startsWith("http") ? next : workspace + next);
        if (page.statusCode() != 200) {
            throw new IllegalStateException("Signed in, but the portfolio answered " + page.statusCode());
        }
    }

    private static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
