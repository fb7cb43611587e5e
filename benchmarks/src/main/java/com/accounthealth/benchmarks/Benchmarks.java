package com.accounthealth.benchmarks;

import java.nio.file.Path;

/**
 * Runs the benchmarks of issue 9 on a stack of their own and writes target/benchmarks/results.json and results.md.
 * Started by platform/local-stack/bench.sh, which builds first; options: --help.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        Path out = options.root().resolve("target/benchmarks");
        Results results = new Results();
        try (BenchStack stack = BenchStack.start(options.root())) {
            results.machine(Machine.facts(stack.postgresVersion()));
            stack.extraSettings(options.serviceSettings());
            stack.startService(BenchStack.ACCOUNTS);
            stack.startService(BenchStack.OPPORTUNITIES);
            try {
                if (options.runs("commands")) {
                    CommandPath.run(stack, options, results, out);
                }
                if (options.runs("sealing")) {
                    CommandPath.sealingCost(stack, options, results, out);
                }
                if (options.runs("import")) {
                    BulkImportRate.run(stack, options, results, out);
                }
                if (options.runs("ingest")) {
                    PortfolioEvents portfolio = Ingest.run(stack, options, results);
                    if (options.runs("memory")) {
                        Memory.run(stack, results);
                    }
                    if (options.runs("backtest")) {
                        Backtest.run(stack, results);
                    }
                    if (options.runs("workspace")) {
                        Workspace.run(stack, results);
                    }
                    if (options.runs("rescore")) {
                        Rescore.run(stack, portfolio, results, out);
                    }
                }
                if (options.runs("e2e")) {
                    if (stack.service(BenchStack.HEALTH) == null) {
                        stack.startService(BenchStack.HEALTH);
                    }
                    Path pool = out.resolve("account-pool.csv");
                    if (!options.runs("commands")) {
                        AccountPool.open(BenchStack.ACCOUNTS.url(), stack.token(), 640).write(pool);
                    }
                    EndToEnd.run(stack, options, results, out, pool);
                }
                if (options.runs("notify")) {
                    Notify.run(stack, results);
                }
                if (options.runs("overload")) {
                    Overload.run(stack, options, results, out);
                }
            } finally {
                results.write(out, options);
            }
        }
        BenchStack.log("Results: %s and %s", out.resolve("results.json"), out.resolve("results.md"));
        System.exit(0);
    }
}
