#!/usr/bin/env bash
# export-service benchmark: starts data-service (port 18183) and export-service (port 18186, heap
# capped by BENCH_HEAP, 256m) against the dev platform, seeds a 20-column panel with BENCH_ROWS
# (1000000) rows through data-service's CSV import, times data-service's rows:stream alone (ADR 0043),
# exports the panel to CSV and to XLSX, and prints rows/s and export-service's peak used heap (jstat,
# sampled every 200 ms), then export-service's own account of where the time went (waiting for rows
# from data-service vs writing).
# Build first: ./mvnw -B -ntp -pl data-service,export-service -am package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/dev/lib/java-home.sh"
java="$JAVA_HOME/bin/java"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp="$(ls "$m2"/org/apache/kafka/kafka-clients/*/kafka-clients-*.jar | grep -v sources | tail -1):$(ls "$m2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | tail -1)"
heap="${BENCH_HEAP:-256m}"
# Ports of the two services (another run may hold the defaults).
data_port="${BENCH_DATA_PORT:-18183}"
export_port="${BENCH_EXPORT_PORT:-18186}"
logs="$(mktemp -d)"
"$java" -Xmx1g -Dquarkus.http.port="$data_port" -Dpanels.outbox.relay.poll-interval=PT0.2S \
  -Dmp.messaging.incoming.panels-panels.group.id=bench-export.data-service \
  -jar "$root/data-service/target/quarkus-app/quarkus-run.jar" >"$logs/data-service.log" 2>&1 &
data=$!
"$java" "-Xmx$heap" -Dquarkus.http.port="$export_port" -Dpanels.export.data-service-url="http://127.0.0.1:$data_port" \
  -Dpanels.export.storage.directory="$logs/files" \
  -Dmp.messaging.incoming.panels-panels.group.id=bench-export.panels \
  -Dmp.messaging.incoming.panels-views.group.id=bench-export.views \
  -Dmp.messaging.incoming.export-requests.group.id=bench-export.workers \
  -jar "$root/export-service/target/quarkus-app/quarkus-run.jar" >"$logs/export-service.log" 2>&1 &
export_pid=$!
trap 'kill "$data" "$export_pid" 2>/dev/null || true; wait "$data" "$export_pid" 2>/dev/null || true' EXIT
for port in "$data_port" "$export_port"; do
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null || { echo "service on $port did not start; logs: $logs"; exit 1; }
done
# Peak used heap of export-service: S0U + S1U + EU + OU of jstat -gc, in KiB.
( while kill -0 "$export_pid" 2>/dev/null; do
    "$JAVA_HOME/bin/jstat" -gc "$export_pid" 2>/dev/null | awk 'NR==2 {printf "%d\n", $3+$4+$6+$8}'
    sleep 0.2
  done ) >"$logs/heap.kib" &
sampler=$!
EXPORT_SERVICE_URL="http://127.0.0.1:$export_port" DATA_SERVICE_URL="http://127.0.0.1:$data_port" HEAP_SAMPLES="$logs/heap.kib" \
  "$java" -cp "$cp" "$root/bench/export/Bench.java"
kill "$sampler" 2>/dev/null || true
# Where each export's time went, as export-service logged it (ADR 0034 / docs/export-service.md).
echo
grep -o 'Export [0-9a-f-]*: [0-9]* rows in [^"]*' "$logs/export-service.log" || true
echo "export-service heap limit: $heap; load average: $(cut -d' ' -f1-3 /proc/loadavg); logs: $logs"
