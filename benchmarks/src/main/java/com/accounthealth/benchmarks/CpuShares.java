package com.accounthealth.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the machine's CPU went between two readings (Linux /proc): each service of the stack, its PostgreSQL (all its
 * processes), Kafka, the load generator (this JVM) and the rest of the machine. Everything shares the same cores, so a
 * figure above capacity is only the service's own if the generator's share stays small; the overload step reports this
 * beside each step instead of leaving the reader to guess.
 */
final class CpuShares {

    static final String GENERATOR = "generator";
    static final String POSTGRES = "PostgreSQL";
    static final String KAFKA = "Kafka";
    static final String REST = "rest of the machine";
    static final String IDLE = "idle";
    // USER_HZ: the unit of /proc's CPU times, 100 on every Linux build the benchmark runs on.
    private static final double TICKS_PER_SECOND = 100;

    /** CPU ticks per role, and the machine's busy and idle ticks, at one moment. */
    record Reading(long nanos, Map<String, Long> ticks, long machineBusy, long machineIdle) {
    }

    // Gatling's start-up and its report, after the load, take the generator seconds of CPU: the load simulations read
    // the CPU when their load begins and ends (their before and after hooks), and a step reports that window.
    private static volatile CpuShares watched;
    private static volatile Reading loadBegan;
    private static volatile Reading loadEnded;

    private final BenchStack stack;

    CpuShares(BenchStack stack) {
        this.stack = stack;
    }

    /** From now on, every Gatling load reads this machine's CPU when it begins and ends. */
    static void watch(CpuShares cpu) {
        watched = cpu;
    }

    static void loadBegins() {
        CpuShares cpu = watched;
        loadBegan = cpu == null ? null : cpu.read();
    }

    static void loadEnds() {
        CpuShares cpu = watched;
        loadEnded = cpu == null ? null : cpu.read();
    }

    /** The cores used during the last Gatling load ({@link #cores}); empty when none was watched. */
    static Map<String, Double> lastLoad() {
        Reading began = loadBegan;
        Reading ended = loadEnded;
        return began == null || ended == null ? Map.of() : cores(began, ended);
    }

    Reading read() {
        Map<Long, String> roles = new LinkedHashMap<>();
        roles.put(ProcessHandle.current().pid(), GENERATOR);
        stack.services().forEach(s -> roles.put(s.process().pid(), s.name()));
        roles.put(stack.kafkaPid(), KAFKA);
        stack.postgresProcesses().forEach(pid -> roles.put(pid, POSTGRES));
        Map<String, Long> ticks = new LinkedHashMap<>();
        roles.forEach((pid, role) -> {
            String stat = readOrEmpty(Path.of("/proc", Long.toString(pid), "stat"));
            if (!stat.isEmpty()) { // empty: gone since the listing
                ticks.merge(role, processTicks(stat), Long::sum);
            }
        });
        // The first line of /proc/stat: the time of all cores in user, nice, system, idle, iowait, irq, softirq, steal.
        String[] cpu = readOrEmpty(Path.of("/proc/stat")).lines().findFirst().orElse("cpu").trim().split("\\s+");
        long busy = 0;
        long idle = 0;
        for (int i = 1; i < Math.min(cpu.length, 9); i++) {
            long value = Long.parseLong(cpu[i]);
            if (i == 4 || i == 5) {
                idle += value;
            } else {
                busy += value;
            }
        }
        return new Reading(System.nanoTime(), ticks, busy, idle);
    }

    /**
     * Cores each role used on average between the two readings, the machine's rest and what stayed idle, in that order
     * (on 2 cores they add up to 2).
     */
    static Map<String, Double> cores(Reading from, Reading to) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        long known = 0;
        for (Map.Entry<String, Long> e : to.ticks().entrySet()) {
            long used = Math.max(0, e.getValue() - from.ticks().getOrDefault(e.getKey(), e.getValue()));
            known += used;
            cores.put(e.getKey(), used / TICKS_PER_SECOND / seconds);
        }
        long busy = to.machineBusy() - from.machineBusy();
        cores.put(REST, Math.max(0, busy - known) / TICKS_PER_SECOND / seconds);
        cores.put(IDLE, (to.machineIdle() - from.machineIdle()) / TICKS_PER_SECOND / seconds);
        return cores;
    }

    /** "account-service 0.62, PostgreSQL 0.85, …", largest first. */
    static String describe(Map<String, Double> cores) {
        StringBuilder text = new StringBuilder();
        cores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).forEach(e ->
                text.append(text.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                        .append("%.2f".formatted(e.getValue())));
        return text.toString();
    }

    /** The results.json key of a role: {@code account-service} → {@code account_service}. */
    static String key(String role) {
        return role.toLowerCase().replaceAll("[^a-z0-9]+", "_");
    }

    private static long processTicks(String stat) {
        // After the name: state is field 3; utime and stime are fields 14 and 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
