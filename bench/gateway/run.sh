#!/usr/bin/env bash
# The gateway's own overhead: the same request sent straight to a backend and through the gateway
# (JWT check, tenant state + rate limit in Redis, streaming proxy), side by side, with wrk.
# Needs the dev platform (dev/platform up: Keycloak, Redis, Kafka) and wrk (apt-get install wrk).
#
#   bench/gateway/run.sh                       # 1, 8 and 32 connections, 15 s each
#   CONNECTIONS="16" DURATION=30s bench/gateway/run.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-30s}
CONNECTIONS=${CONNECTIONS:-"1 8 32"}
THREADS=${THREADS:-1}
BACKEND_PORT=${BACKEND_PORT:-18090}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
KEYCLOAK=${PANELS_KEYCLOAK_URL:-http://127.0.0.1:8180}
OUT=${OUT:-${TMPDIR:-/tmp}/panels-bench-gateway}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
. dev/lib/java-home.sh
JAVA="$JAVA_HOME/bin/java"

if [ ! -f gateway/target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q -pl gateway -am package -DskipTests
fi
CP=$(./mvnw -B -q -pl gateway dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=/dev/stdout)

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# One event loop each for the backend and (GATEWAY_EVENT_LOOPS) the gateway: on a small machine
# wrk, backend and gateway share the cores, and fewer threads mean fewer wake-ups per request.
# Compare the two rows of a pair, not absolute numbers across machines.
mkdir -p "$OUT"
"$JAVA" -cp "$CP" bench/gateway/EchoBackend.java "$BACKEND_PORT" > "$OUT/backend.log" 2>&1 &
pids+=($!)
backend="http://127.0.0.1:$BACKEND_PORT"
PANELS_AUTH_SERVICE_URL=$backend PANELS_PANEL_SERVICE_URL=$backend PANELS_DATA_SERVICE_URL=$backend \
PANELS_VIEW_SERVICE_URL=$backend PANELS_NOTIFICATION_SERVICE_URL=$backend PANELS_EXPORT_SERVICE_URL=$backend \
PANELS_GATEWAY_HTTP_PORT=$GATEWAY_PORT PANELS_GATEWAY_TENANT_GROUP=gateway.bench \
PANELS_GATEWAY_RATE_LIMIT_TENANT_REQUESTS_PER_MINUTE=100000000 \
PANELS_GATEWAY_RATE_LIMIT_CLIENT_REQUESTS_PER_MINUTE=100000000 \
QUARKUS_LOG_LEVEL=WARN QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE=${GATEWAY_EVENT_LOOPS:-1} \
  "$JAVA" -Xmx512m -jar gateway/target/quarkus-app/quarkus-run.jar > "$OUT/gateway.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" >/dev/null && curl -fs "$backend/" >/dev/null; then break; fi
  sleep 0.5
done

token() {
  # The demo tenant's owner (dev/up): a real tenant-scoped token, verified by the gateway on every request.
  curl -fs -d grant_type=password -d client_id=panels-test -d client_secret=panels-test-secret \
    -d username=demo@panels.local -d password=demo -d 'scope=openid organization:demo' \
    "$KEYCLOAK/realms/panels/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

run() { # name url connections
  local name=$1 url=$2 c=$3 auth
  auth="Authorization: Bearer $(token)"
  wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -H "$auth" "$url" > "$OUT/$name-c$c.txt"
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/$name-c$c.txt")
  p50=$(awk '$1=="50%" {print $2}' "$OUT/$name-c$c.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/$name-c$c.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$OUT/$name-c$c.txt")
  printf '| %-8s | %-9s | %4s | %10s | %8s | %8s | %s\n' "$4" "$name" "$c" "$rps" "$p50" "$p99" "${non2xx:-0} non-2xx |"
}

echo "warming up ($WARMUP each)"
# The JIT needs the gateway's whole path hot before any figure means something.
wrk -t1 -c8 -d"$WARMUP" -H "Authorization: Bearer $(token)" "$backend/api/v1/panels/p1" > /dev/null
wrk -t1 -c8 -d"$WARMUP" -H "Authorization: Bearer $(token)" "http://127.0.0.1:$GATEWAY_PORT/api/v1/panels/p1" > /dev/null
wrk -t1 -c8 -d"$WARMUP" -H "Authorization: Bearer $(token)" "http://127.0.0.1:$GATEWAY_PORT/api/v1/views/v1/download" > /dev/null

echo "| body     | path      | conn |      req/s |      p50 |      p99 | errors |"
echo "| -------- | --------- | ---- | ---------- | -------- | -------- | ------ |"
for c in $CONNECTIONS; do
  run direct "$backend/api/v1/panels/p1" "$c" "200 B"
  run gateway "http://127.0.0.1:$GATEWAY_PORT/api/v1/panels/p1" "$c" "200 B"
done
for c in $CONNECTIONS; do
  run direct-64k "$backend/api/v1/views/v1/download" "$c" "64 KiB"
  run gateway-64k "http://127.0.0.1:$GATEWAY_PORT/api/v1/views/v1/download" "$c" "64 KiB"
done
echo "raw wrk output: $OUT"
