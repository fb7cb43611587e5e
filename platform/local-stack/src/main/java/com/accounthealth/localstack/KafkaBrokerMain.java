package com.accounthealth.localstack;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Entry point of the broker JVM that {@link LocalKafka} forks: a single-node KRaft Kafka (broker and controller in one
 * process) on loopback. Formats its storage on first start and reuses it afterwards, so topics and offsets survive a
 * restart. Exits when the process that started it is gone, so a killed test run leaves no broker behind.
 *
 * <p>Arguments: {@code <directory> <port> <controllerPort> <defaultPartitions> <parentPid>}.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        int partitions = Integer.parseInt(args[3]);
        long parentPid = Long.parseLong(args[4]);

        Path config = writeConfig(directory, port, controllerPort, partitions);
        if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
            int exit = kafka.tools.StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", config.toString(), "--ignore-formatted"}, System.out);
            if (exit != 0) {
                System.err.println("Formatting Kafka storage in " + directory + " failed with " + exit);
                System.exit(exit);
            }
        }
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private static Path writeConfig(Path directory, int port, int controllerPort, int partitions) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", directory.resolve("data").toString());
        p.setProperty("num.partitions", Integer.toString(partitions));
        // Topics are created on purpose (by the local stack and the test resources), never by a typo.
        p.setProperty("auto.create.topics.enable", "false");
        // One node: every internal topic has a single replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Nobody else joins a consumer group on one machine, so waiting for more members only slows starts down.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Path file = directory.resolve("server.properties");
        Files.createDirectories(directory);
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "Written by KafkaBrokerMain on every start");
        }
        return file;
    }
}
