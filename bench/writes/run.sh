#!/usr/bin/env bash
# Single-row write benchmark of data-service (issue 7: 1,000 writes/s with events). Starts the service
# (built by `./mvnw -pl data-service -am package -DskipTests`) on 127.0.0.1:${BENCH_PORT:-18183} against
# the dev platform, runs bench/writes/WriteBench.java, stops the service.
#
#   PANELS_PG_DATABASE   the database (default panels), as for the services and tests
#   BENCH_WRITERS        concurrent clients (16)        BENCH_WRITE_SECONDS   seconds of writing (15)
#   BENCH_SEQUENTIAL     sequential inserts timed first (200)    BENCH_WARMUP_SECONDS  unmeasured concurrent writes before (10)
#   BENCH_IDEMPOTENCY    true: every POST carries an Idempotency-Key (false)
#   BENCH_CLIENT         lean (default): one kept-alive socket per writer, HTTP/1.1 written by hand, cheap on the
#                        shared cores; jdk: java.net.http (about three times the client CPU per request)
#   BENCH_KEEP           true: keep the panel (false)
#   BENCH_JAVA_OPTS      extra JVM options for data-service, e.g. a flight recording:
#                        -XX:StartFlightRecording=filename=/tmp/ds.jfr,settings=profile,delay=40s
#
# The service gets Kafka consumer groups of its own (from the latest offset), so it takes no
# partitions from anyone else's data-service on the shared broker.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/dev/lib/java-home.sh"
java="$JAVA_HOME/bin/java"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
jar() { ls "$m2"/$1 2>/dev/null | grep -v sources | sort -V | tail -1; }
cp="$(jar 'org/apache/kafka/kafka-clients/*/kafka-clients-*.jar'):$(jar 'org/slf4j/slf4j-api/*/slf4j-api-*.jar'):$(jar 'org/postgresql/postgresql/*/postgresql-*.jar')"
port="${BENCH_PORT:-18183}"
run="$(date +%s)-$$"
log="${BENCH_LOG:-$(mktemp --suffix=.log)}"
"$java" -Xmx512m ${BENCH_JAVA_OPTS:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
  -Dmp.messaging.incoming.panels-panels.group.id="bench-writes-$run" \
  -Dmp.messaging.incoming.panels-panels.auto.offset.reset=latest \
  -Dmp.messaging.incoming.panels-datasources.group.id="bench-writes-sync-$run" \
  -Dmp.messaging.incoming.panels-datasources.auto.offset.reset=latest \
  -Dpanels.data.imports.node="bench-writes-$run" -Dquarkus.otel.sdk.disabled=true \
  -jar "$root/data-service/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null || { echo "data-service did not start; log: $log"; exit 1; }
echo "data-service pid $service, log $log"
DATA_SERVICE_URL="http://127.0.0.1:$port" SERVICE_PID="$service" "$java" -cp "$cp" "$root/bench/writes/WriteBench.java"
