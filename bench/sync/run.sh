#!/usr/bin/env bash
# data-service sync benchmark: starts the service (built by `./mvnw -pl data-service package -DskipTests`)
# on port 18183 against the dev platform, runs bench/sync/Bench.java (which serves the source records
# itself on 127.0.0.1), stops the service. Prints the figures and the load average.
#   BENCH_RECORDS (100000) records in pages of BENCH_PAGE (1000), upsert mode, timed twice (inserts, then updates);
#   BENCH_SOURCES (100) sources on one-minute schedules for BENCH_MINUTES (4) minutes, runs counted per source.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/dev/lib/java-home.sh"
java="$JAVA_HOME/bin/java"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp="$(ls "$m2"/org/apache/kafka/kafka-clients/*/kafka-clients-*.jar | grep -v sources | tail -1):$(ls "$m2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | tail -1)"
group="bench-$(date +%s)-$$"
log="$(mktemp)"
# The bench's own worker and consumer groups: no other data-service on the shared platform runs its sources.
"$java" -Dquarkus.http.port=18183 -Dquarkus.http.host=127.0.0.1 -Dpanels.outbox.relay.poll-interval=PT0.2S \
  -Dpanels.data.sync.allow-plain-http=true -Dpanels.data.sync.allowed-networks=127.0.0.1/32 \
  -Dpanels.data.sync.worker-group="$group" -Dmp.messaging.incoming.panels-datasources.group.id="data-service-sync-$group" \
  -Dpanels.data.imports.node="$group" \
  -jar "$root/data-service/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -fs http://127.0.0.1:18183/q/health/ready >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs http://127.0.0.1:18183/q/health/ready >/dev/null || { echo "data-service did not start; log: $log"; exit 1; }
"$java" -cp "$cp" "$root/bench/sync/Bench.java"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); service log: $log"
