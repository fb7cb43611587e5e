package com.accounthealth.testsupport;

import com.accounthealth.localstack.LocalKafka;
import com.accounthealth.localstack.LocalPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real PostgreSQL server and Kafka broker of one test JVM: started on first use, shared by every test of the
 * JVM (also across Quarkus application restarts), stopped and deleted when the JVM exits.
 */
public final class RealServers {

    private static final Logger LOG = Logger.getLogger(RealServers.class);
    private static final int TEST_PARTITIONS = 3;

    private static Path directory;
    private static LocalPostgres postgres;
    private static LocalKafka kafka;
    private static int postgresPort;

    private RealServers() {
    }

    public static synchronized LocalPostgres postgres() {
        if (postgres == null) {
            postgresPort = postgresPort == 0 ? freePort() : postgresPort;
            // Durability buys nothing in a throwaway test database; speed does.
            postgres = LocalPostgres.start(directory().resolve("postgres"), postgresPort,
                    Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
        }
        return postgres;
    }

    /** Stops PostgreSQL as an outage would; {@link #postgres()} starts it again on the same port and data. */
    public static synchronized void stopPostgres() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    public static synchronized LocalKafka kafka() {
        if (kafka == null) {
            kafka = LocalKafka.start(directory().resolve("kafka"), freePort(), freePort(), TEST_PARTITIONS);
        }
        return kafka;
    }

    public static int partitions() {
        return TEST_PARTITIONS;
    }

    private static Path directory() {
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("account-health-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(RealServers::stopAll, "real-servers-shutdown"));
            LOG.infof("Real test servers keep their files in %s", directory);
        }
        return directory;
    }

    private static synchronized void stopAll() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("Could not delete %s: %s", directory, e.getMessage());
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
