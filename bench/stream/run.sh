#!/usr/bin/env bash
# Stream latency: publish -> subscriber. Starts notification-service (built by
# `./mvnw -pl notification-service -am package -DskipTests`) on port 18085 against the dev platform,
# runs bench/stream/Bench.java, stops the service.
#   SUBSCRIBERS (1000)  WebSocket connections subscribed to one panel
#   RATE (500)          row events per second published to panels.rows
#   DURATION (20)       seconds of publishing (after a 5 s warm-up at the same rate)
#   HEAP (1g)           the service's -Xmx
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/dev/lib/java-home.sh"
java="$JAVA_HOME/bin/java"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp="$(ls "$m2"/org/apache/kafka/kafka-clients/*/kafka-clients-*.jar | grep -v sources | tail -1):$(ls "$m2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | tail -1)"
log="$(mktemp)"
"$java" -Xmx"${HEAP:-1g}" -Dquarkus.http.port=18085 -Dquarkus.log.console.json.enabled=false \
  -Dpanels.notification.stream.max-queued-messages=10000 \
  -jar "$root/notification-service/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:18085/q/health/ready >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs http://127.0.0.1:18085/q/health/ready >/dev/null || { echo "notification-service did not start; log: $log"; exit 1; }
"$java" -Xmx2g -cp "$cp" "$root/bench/stream/Bench.java"
echo "service log: $log"
