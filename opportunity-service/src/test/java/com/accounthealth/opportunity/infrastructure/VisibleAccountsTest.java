package com.accounthealth.opportunity.infrastructure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When account-service cannot say, the check fails within its timeout instead of deciding either way. */
class VisibleAccountsTest {

    private static VisibleAccounts at(URI url) {
        return new VisibleAccounts(new VisibleAccounts.Settings() {
            @Override
            public URI url() {
                return url;
            }

            @Override
            public Duration timeout() {
                return Duration.ofMillis(500);
            }
        }, new ObjectMapper());
    }

    @Test
    void anAccountServiceThatNeverAnswersIsUnreachableWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(Duration.ofSeconds(10)); // holds the connection open and says nothing
                } catch (Exception e) {
                    // closed at the end of the test
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> at(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                    .includes(UUID.randomUUID(), "token")).isInstanceOf(VisibleAccounts.Unreachable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            acceptor.interrupt();
        }
    }

    /**
     * A fake account-service list: it shows the ids that start with 0, fails on one that starts with 2, lists an
     * account it was not asked for beside one that starts with 3 (as one that ignores {@code id} would), and counts the
     * requests.
     */
    private static HttpServer listing(AtomicInteger requests) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/accounts", exchange -> {
            requests.incrementAndGet();
            List<String> ids = Arrays.stream(exchange.getRequestURI().getQuery().split("&"))
                    .filter(p -> p.startsWith("id=")).map(p -> p.substring(3)).toList();
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            int status = "Bearer no-accounts-scope".equals(token) ? 403 : !"Bearer caller-token".equals(token) ? 401
                    : ids.size() > 50 || ids.stream().anyMatch(id -> id.startsWith("2")) ? 500 : 200;
            byte[] body = ("{\"items\":[" + ids.stream().filter(id -> id.startsWith("0") || id.startsWith("3"))
                    .map(id -> id.startsWith("3") ? UUID.randomUUID().toString() : id)
                    .map(id -> "{\"accountId\":\"" + id + "\"}").collect(Collectors.joining(",")) + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            if (status == 200) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private static UUID id(int first, int n) {
        return UUID.fromString("%d0000000-0000-4000-8000-%012d".formatted(first, n));
    }

    @Test
    void answersAreReadAsVisibleNotVisibleOrUnreachable() throws Exception {
        HttpServer server = listing(new AtomicInteger());
        try {
            VisibleAccounts accounts = at(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
            assertThat(accounts.includes(id(0, 1), "caller-token")).isTrue();
            assertThat(accounts.includes(id(1, 1), "caller-token")).isFalse();
            assertThat(accounts.includes(id(0, 1), "no-accounts-scope")).as("the caller's own token is what is asked with")
                    .isFalse();
            assertThatThrownBy(() -> accounts.includes(id(0, 1), "expired-token"))
                    .isInstanceOf(VisibleAccounts.Unreachable.class);
            assertThatThrownBy(() -> accounts.includes(id(2, 1), "caller-token"))
                    .isInstanceOf(VisibleAccounts.Unreachable.class);
            assertThatThrownBy(() -> accounts.includes(id(3, 1), "caller-token"))
                    .isInstanceOf(VisibleAccounts.Unreachable.class).hasMessageContaining("does not list by id");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void manyAccountsAreAskedFiftyToARequest() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = listing(requests);
        try {
            VisibleAccounts accounts = at(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
            List<UUID> asked = new ArrayList<>();
            for (int n = 0; n < 60; n++) {
                asked.add(id(0, n));
                asked.add(id(1, n));
            }

            Set<UUID> visible = accounts.visibleAmong(asked, "caller-token");

            assertThat(visible).hasSize(60).allMatch(id -> id.toString().startsWith("0"));
            assertThat(requests.get()).isEqualTo(3);
        } finally {
            server.stop(0);
        }
    }
}
