#!/usr/bin/env bash
# data-service benchmark: starts the service (built by `./mvnw -pl data-service -am package -DskipTests`)
# on port 18083 against the dev platform, runs bench/data/Bench.java, stops the service.
# BENCH_ROWS (1000000, seeded by a CSV import), BENCH_SAMPLES (200), BENCH_WRITERS (16) and BENCH_WRITE_SECONDS (15) set the size; the panel is deleted at the end unless BENCH_KEEP=true.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/dev/lib/java-home.sh"
java="$JAVA_HOME/bin/java"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp="$(ls "$m2"/org/apache/kafka/kafka-clients/*/kafka-clients-*.jar | grep -v sources | tail -1):$(ls "$m2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | tail -1)"
log="$(mktemp)"
"$java" -Dquarkus.http.port=18083 -Dpanels.outbox.relay.poll-interval=PT0.2S -jar "$root/data-service/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:18083/q/health/ready >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs http://127.0.0.1:18083/q/health/ready >/dev/null || { echo "data-service did not start; log: $log"; exit 1; }
"$java" -cp "$cp" "$root/bench/data/Bench.java"
