#!/usr/bin/env bash
# data-service benchmark: starts the service (built by `./mvnw -pl data-service -am package -DskipTests`)
# on port 18083 against the dev platform, runs bench/data/Bench.java, stops the service.
# BENCH_ROWS (1000000, seeded by a CSV import) and BENCH_SAMPLES (200) set the size; the panel is deleted at the end unless BENCH_KEEP=true.
# BENCH_IMPORT_ONLY=true: only the import (end-to-end rows/s and the job's phases) and the index request.
# PANELS_PG_DATABASE chooses the database (default panels). The service reads panel events in a consumer group of
# its own, from the latest offset, so that it never takes partitions from another data-service on the shared Kafka.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/dev/lib/java-home.sh"
java="$JAVA_HOME/bin/java"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp="$(ls "$m2"/org/apache/kafka/kafka-clients/*/kafka-clients-*.jar | grep -v sources | tail -1):$(ls "$m2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | tail -1)"
log="$(mktemp)"
run="bench-data-$(date +%s)-$$"
"$java" -Dquarkus.http.port=18083 -Dquarkus.http.host=127.0.0.1 -Dpanels.outbox.relay.poll-interval=PT0.2S \
  -Dmp.messaging.incoming.panels-panels.group.id="$run" -Dmp.messaging.incoming.panels-panels.auto.offset.reset=latest \
  -Dmp.messaging.incoming.panels-datasources.group.id="$run-sync" -Dmp.messaging.incoming.panels-datasources.auto.offset.reset=latest \
  -Dpanels.data.sync.worker-group="$run" \
  -jar "$root/data-service/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:18083/q/health/ready >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs http://127.0.0.1:18083/q/health/ready >/dev/null || { echo "data-service did not start; log: $log"; exit 1; }
echo "data-service log: $log"
"$java" -cp "$cp" "$root/bench/data/Bench.java"
grep -o 'import [0-9a-f-]*: .*phases in ms: {[^}]*}' "$log" || true
