package com.accounthealth.opportunity.infrastructure;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

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
        });
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

    @Test
    void answersAreReadAsVisibleNotVisibleOrUnreachable() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/accounts/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/api/v1/accounts/".length());
            boolean forwarded = "Bearer caller-token".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            int status = !forwarded ? 401 : id.startsWith("0") ? 200 : id.startsWith("1") ? 404 : 500;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            VisibleAccounts accounts = at(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
            UUID visible = UUID.fromString("00000000-0000-4000-8000-000000000001");
            UUID hidden = UUID.fromString("10000000-0000-4000-8000-000000000001");
            assertThat(accounts.includes(visible, "caller-token")).isTrue();
            assertThat(accounts.includes(hidden, "caller-token")).isFalse();
            assertThat(accounts.includes(visible, "another-token")).as("the caller's own token is what is asked with")
                    .isFalse();
            assertThatThrownBy(() -> accounts.includes(UUID.fromString("20000000-0000-4000-8000-000000000001"),
                    "caller-token")).isInstanceOf(VisibleAccounts.Unreachable.class);
        } finally {
            server.stop(0);
        }
    }
}
