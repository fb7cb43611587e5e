package com.accounthealth.localstack;

import java.nio.file.Path;

/** The local stack's command line. Every option has a default, so the plain command runs everything. */
record StackOptions(Path root, Path dataDirectory, int partitions, int postgresPort, int kafkaPort,
                    String postgresUrl, String postgresUser, String postgresPassword, String kafkaBootstrap,
                    boolean demo, boolean help) {

    static final String USAGE = """
            Usage: platform/local-stack/run.sh [options]

              --data-dir DIR           where PostgreSQL, Kafka and the logs keep their files (default: .local-stack)
              --partitions N           partitions per topic (default: 3)
              --postgres-port PORT     port of the embedded PostgreSQL (default: 15432)
              --kafka-port PORT        port of the embedded broker; PORT+1 is its controller (default: 19092)
              --postgres-url URL       use this PostgreSQL instead, e.g. jdbc:postgresql://db:5432 (no database name:
                                       each service uses its own database there)
              --postgres-user USER     with --postgres-url (default: postgres)
              --postgres-password PW   with --postgres-url (default: empty)
              --kafka-bootstrap HOSTS  use these Kafka brokers instead, e.g. kafka:9092 (topics are created there)
              --demo                   once ready, load a sample portfolio (60 accounts, their people, meetings,
                                       feedback, competitors and deals over the past year) through the REST API
              --help                   this text
            """;

    static StackOptions parse(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        Path data = null;
        int partitions = 3;
        int postgresPort = 15432;
        int kafkaPort = 19092;
        String postgresUrl = null;
        String postgresUser = "postgres";
        String postgresPassword = "";
        String kafkaBootstrap = null;
        boolean demo = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--help", "-h" -> help = true;
                case "--demo" -> demo = true;
                case "--root" -> root = Path.of(value(args, ++i, option)).toAbsolutePath();
                case "--data-dir" -> data = Path.of(value(args, ++i, option)).toAbsolutePath();
                case "--partitions" -> partitions = positive(value(args, ++i, option), option);
                case "--postgres-port" -> postgresPort = positive(value(args, ++i, option), option);
                case "--kafka-port" -> kafkaPort = positive(value(args, ++i, option), option);
                case "--postgres-url" -> postgresUrl = value(args, ++i, option);
                case "--postgres-user" -> postgresUser = value(args, ++i, option);
                case "--postgres-password" -> postgresPassword = value(args, ++i, option);
                case "--kafka-bootstrap" -> kafkaBootstrap = value(args, ++i, option);
                default -> throw new IllegalArgumentException("Unknown option: " + option);
            }
        }
        if (postgresUrl != null && !postgresUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--postgres-url must start with jdbc:postgresql://");
        }
        return new StackOptions(root, data != null ? data : root.resolve(".local-stack"), partitions, postgresPort,
                kafkaPort, postgresUrl, postgresUser, postgresPassword, kafkaBootstrap, demo, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String value, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0 && n < 65536) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive number, not '" + value + "'");
    }
}
