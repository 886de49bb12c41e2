#!/usr/bin/env bash
# view-service benchmark: renders the first page of a filtered, sorted view three ways — data-service's
# query directly, view-service directly (one hop more), and through the gateway (two hops more) — and
# prints p50/p95 of each. Needs the fast-jars of data-service, view-service and gateway
# (./mvnw -B -ntp -pl data-service,view-service,gateway -am package -DskipTests) and the dev platform.
# The demo tenant owns the panel (the gateway knows its state); BENCH_ROWS (1000000) rows are seeded
# through data-service's CSV import (BENCH_SEED=batch: batch-create), BENCH_SAMPLES (200) sequential
# requests are timed per path,
# and the panel is deleted at the end unless BENCH_KEEP=true.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/dev/lib/java-home.sh"
java="$JAVA_HOME/bin/java"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp="$(ls "$m2"/org/apache/kafka/kafka-clients/*/kafka-clients-*.jar | grep -v sources | tail -1):$(ls "$m2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | tail -1)"
logs="${TMPDIR:-/tmp}/panels-bench-views"
mkdir -p "$logs"
group="bench-views-$(date +%s)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

start() { # name port args...
  local name=$1 port=$2; shift 2
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use: stop what listens there first" >&2
    exit 1
  fi
  "$java" -Xmx384m -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -Dquarkus.otel.sdk.disabled=true "$@" -jar "$root/$name/target/quarkus-app/quarkus-run.jar" >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
ready() { # port
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the service on port $1 did not start; logs in $logs" >&2
  exit 1
}

# Under a heavily loaded machine the first database connection (Flyway at start) may take long.
start data-service 28083 -Dquarkus.datasource.jdbc.acquisition-timeout=PT2M -Dmp.messaging.incoming.panels-panels.group.id="$group-data" \
  -Dmp.messaging.incoming.panels-panels.auto.offset.reset=latest -Dpanels.tenancy.trusted-services=panels-view-service
start view-service 28084 -Dquarkus.datasource.jdbc.acquisition-timeout=PT2M -Dmp.messaging.incoming.panels-panels.group.id="$group-view" \
  -Dmp.messaging.incoming.panels-panels.auto.offset.reset=latest -Dquarkus.rest-client.data-service.url=http://127.0.0.1:28083
ready 28083
ready 28084
start gateway 28080 -Dpanels.gateway.services.data-service.url=http://127.0.0.1:28083 \
  -Dpanels.gateway.services.view-service.url=http://127.0.0.1:28084 \
  -Dpanels.gateway.rate-limit.tenant-requests-per-minute=100000000 -Dpanels.gateway.rate-limit.client-requests-per-minute=100000000
ready 28080
"$java" -cp "$cp" "$root/bench/views/Bench.java"
