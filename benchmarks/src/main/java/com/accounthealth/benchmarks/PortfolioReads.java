package com.accounthealth.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One dashboard reading the portfolio's aggregates in turn, one request at a time and a round every two seconds, while
 * something else runs (the end-to-end load, so ingest is applying events meanwhile): each path's latency, and failures.
 */
final class PortfolioReads implements AutoCloseable {

    static final List<String> PATHS = List.of("/api/v1/competitive-gaps", "/api/v1/portfolio/status",
            "/api/v1/portfolio/status-over-time");

    private final Map<String, Latencies> latencies = new LinkedHashMap<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final Thread reader;
    private volatile boolean running = true;

    PortfolioReads(String baseUrl, String token) {
        PATHS.forEach(p -> latencies.put(p, new Latencies()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        reader = Thread.ofPlatform().name("portfolio-reads").start(() -> {
            while (running) {
                long round = System.nanoTime();
                for (String path : PATHS) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) {
                            latencies.get(path).add((System.nanoTime() - t0) / 1_000);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                // A round every two seconds: a few dashboards refreshing, not a load of their own (a round without pause, one
                // request after another, took a core from the 2 and tripled the end-to-end latency it ran beside).
                long rest = 2_000 - (System.nanoTime() - round) / 1_000_000;
                if (rest > 0) {
                    try {
                        Thread.sleep(rest);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
    }

    Map<String, Latencies> latencies() {
        return latencies;
    }

    int failed() {
        return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join();
    }
}
