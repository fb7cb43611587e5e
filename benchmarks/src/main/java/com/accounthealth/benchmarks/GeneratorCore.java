package com.accounthealth.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --generator-core}: the load generator (this JVM) alone on the machine's last core and every process of the
 * system (the services, Kafka, PostgreSQL) on the others, with {@code taskset}, so the overload steps measure the system
 * as if its load came from a host of its own. On shared cores the generator's CPU grows with the rate offered and comes
 * out of the service's. New threads, and PostgreSQL's new backends, inherit the cores of the process that starts them.
 * bench.sh starts this JVM with -XX:ActiveProcessorCount: on one core Gatling's start waits on itself and times out.
 */
final class GeneratorCore {

    // Read before any pinning: a JVM started without ActiveProcessorCount would see one core once pinned.
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private GeneratorCore() {
    }

    /** Pins the generator and the system apart; {@link #release} gives every process all cores again. */
    static String pin(BenchStack stack) {
        if (CORES < 2) {
            throw new IllegalStateException("--generator-core needs at least 2 cores; this machine has " + CORES);
        }
        String generator = Integer.toString(CORES - 1);
        String system = CORES == 2 ? "0" : "0-" + (CORES - 2);
        taskset(generator, List.of(ProcessHandle.current().pid()));
        taskset(system, systemProcesses(stack));
        return "generator on core %s, the system on core %s".formatted(generator, system);
    }

    static void release(BenchStack stack) {
        List<Long> all = new ArrayList<>(systemProcesses(stack));
        all.add(ProcessHandle.current().pid());
        taskset("0-" + (CORES - 1), all);
    }

    private static List<Long> systemProcesses(BenchStack stack) {
        List<Long> pids = new ArrayList<>();
        stack.services().forEach(s -> pids.add(s.process().pid()));
        pids.add(stack.kafkaPid());
        pids.addAll(stack.postgresProcesses());
        return pids;
    }

    private static void taskset(String cpus, List<Long> pids) {
        for (long pid : pids) {
            try {
                // -a: every thread the process has now; threads it starts later inherit them.
                Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
                        .redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0 && ProcessHandle.of(pid).isPresent()) {
                    throw new IllegalStateException("taskset could not pin process " + pid + ": " + output.strip());
                }
            } catch (IOException e) {
                throw new IllegalStateException("--generator-core needs taskset (Debian: util-linux)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
