#!/usr/bin/env bash
# Benchmarks (issue 9): builds the services and the benchmarks module, starts a stack of its own (fresh PostgreSQL,
# Kafka, services on ports 25432/29092/18081-18084, data under target/benchmarks/stack), measures every hot path beside
# its physical baseline and writes target/benchmarks/results.json and results.md. Options: --help.
# Quick run: platform/local-stack/bench.sh --events 100000 --accounts 2000 --duration 10s
# BENCH_PORT_OFFSET=100 moves every port of the stack by 100 (two checkouts benchmarking at once; figures then share
# the machine and are not comparable).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source platform/local-stack/select-jdk.sh

echo "[build] ./mvnw -Pbenchmarks package -DskipTests (services and the benchmarks module)"
./mvnw -q -B -Pbenchmarks package -DskipTests \
  -pl account-service,opportunity-service,health-score-service,leader-web,benchmarks -am

exec "$JAVA_HOME/bin/java" -Xmx2g -XX:+UseParallelGC -XX:ActiveProcessorCount="$(nproc)" --add-opens java.base/java.lang=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbench.port-offset="${BENCH_PORT_OFFSET:-0}" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)" \
  com.accounthealth.benchmarks.Benchmarks --root "$root" "$@"
