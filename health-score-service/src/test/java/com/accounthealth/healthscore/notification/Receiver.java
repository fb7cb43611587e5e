package com.accounthealth.healthscore.notification;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on a loopback port, standing for a customer's webhook endpoint or Slack: it records every
 * request and answers 503 to the first {@code failures} of them, 200 after; or, made by {@link #hanging()}, answers
 * none of them until it is closed.
 */
final class Receiver implements AutoCloseable {

    record Request(Map<String, List<String>> headers, byte[] body, int answered) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    static Receiver hanging() {
        return new Receiver(-1);
    }

    Receiver(int failures) {
        failuresLeft = new AtomicInteger(failures);
        boolean hangs = failures < 0;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (hangs) {
                requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body, 0));
                awaitClose();
                exchange.close();
                return;
            }
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 200;
            requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        // A thread per request, so a hanging answer does not keep the receiver from taking the next request.
        server.setExecutor(handlers);
        server.start();
    }

    private void awaitClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> accepted() {
        return requests.stream().filter(r -> r.answered() == 200).toList();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
