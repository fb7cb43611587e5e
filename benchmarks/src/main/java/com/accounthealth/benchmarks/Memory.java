package com.accounthealth.benchmarks;

import com.accounthealth.localstack.ServiceProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.Map;

/** Part 6: each service's resident memory (from /proc) and heap in use (its own Micrometer gauge), after ingest. */
final class Memory {

    private Memory() {
    }

    static void run(BenchStack stack, Results results) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (ServiceProcess s : stack.services().stream().sorted(Comparator.comparing(ServiceProcess::name)).toList()) {
            double rss = Machine.rssMb(s.process().pid());
            String metrics = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double heap = metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / 1024 / 1024;
            String key = s.name().replace("-service", "").replace("-score", "").replace('-', '_');
            results.key(key + "_rss_mb", rss);
            results.key(key + "_heap_used_mb", heap);
            results.detail(s.name() + "_memory", Map.of("rss_mb", rss, "heap_used_mb", heap, "max_heap", "-Xmx512m"));
            results.row("memory", s.name() + ": resident / heap used", "%.0f MB / %.0f MB".formatted(rss, heap), "", "",
                    s.name().startsWith("health") ? "RSS ≤ 768 MB" : "");
        }
    }
}
