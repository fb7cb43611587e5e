package com.accounthealth.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** What the figures were measured on: the machine, its load at the time, and the versions under test. */
final class Machine {

    private Machine() {
    }

    /** The 1-minute load average now (other engineers share the machine: every figure is reported beside it). */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static Map<String, Object> facts(String postgresVersion) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        facts.put("cpu", cpuModel());
        facts.put("memory_gib", Math.round(memTotalKb() / 1024.0 / 1024.0 * 10) / 10.0);
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        Properties versions = new Properties();
        try (InputStream in = Machine.class.getResourceAsStream("versions.properties")) {
            versions.load(in);
        } catch (IOException | NullPointerException e) {
            // versions stay unknown
        }
        facts.put("quarkus", versions.getProperty("quarkus"));
        facts.put("kafka", versions.getProperty("kafka"));
        facts.put("gatling", versions.getProperty("gatling"));
        facts.put("postgres", postgresVersion);
        return facts;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memTotalKb() {
        return procStatusKb(Path.of("/proc/meminfo"), "MemTotal:");
    }

    /** Resident set size of a process in MiB, from /proc. */
    static double rssMb(long pid) {
        return procStatusKb(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:") / 1024.0;
    }

    private static long procStatusKb(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .map(l -> Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0])).findFirst().orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
