#!/usr/bin/env bash
# The fault suite: builds the services, then runs system-tests/ (FaultSuiteIT) against them as processes on a
# PostgreSQL and a Kafka broker of its own. About 5 minutes on 2 cores after the build; figures in
# system-tests/target/faults/results.md.
# Options are passed to Maven, e.g. -Dit.test=FaultSuiteIT.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source platform/local-stack/select-jdk.sh
echo "[build] ./mvnw package -DskipTests"
./mvnw -q -B package -DskipTests
echo "[faults] ./mvnw -Pfaults -pl system-tests -am verify"
./mvnw -B -Pfaults -pl system-tests -am verify "$@"
