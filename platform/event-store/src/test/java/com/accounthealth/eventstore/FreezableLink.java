package com.accounthealth.eventstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP link to a server that can be frozen: connections stay open but no byte passes either way, as between a
 * server and a client whose process was stopped (SIGSTOP) or whose network went silent.
 */
final class FreezableLink implements AutoCloseable {

    private final ServerSocket listener;
    private final int serverPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;

    FreezableLink(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("link-accept").start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    void freeze() {
        frozen = true;
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                sockets.add(client);
                sockets.add(server);
                Thread.ofPlatform().daemon().start(() -> pipe(client, server));
                Thread.ofPlatform().daemon().start(() -> pipe(server, client));
            }
        } catch (IOException closed) {
            // the link is closed
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                while (frozen) {
                    Thread.sleep(10);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side is gone: the other is closed below
        } finally {
            close(from);
            close(to);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(FreezableLink::close);
        frozen = false;
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing either way
        }
    }
}
