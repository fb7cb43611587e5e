#!/usr/bin/env bash
# Runs the whole Account Health system on this machine: builds it, then starts PostgreSQL, a Kafka broker, the
# topics and the three services, and waits until all are ready. Ctrl-C stops everything. Options: --help.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source platform/local-stack/select-jdk.sh

echo "[build] ./mvnw package -DskipTests (the first build downloads dependencies from Maven Central: a few minutes)"
./mvnw -q -B package -DskipTests

classes=platform/local-stack/target/classes
exec "$JAVA_HOME/bin/java" -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error \
  -cp "$classes:$(cat "$classes/com/accounthealth/localstack/runtime.classpath")" \
  com.accounthealth.localstack.LocalStack --root "$root" "$@"
