#!/usr/bin/env bash
# Issue 6: list the panels of a tenant holding 1,000 panels, through the gateway and straight to
# panel-service, with wrk: req/s and p50/p95/p99 at 1, 16 and 64 connections.
# Starts its own panel-service and gateway (built only when a jar is missing) against the dev
# platform (dev/platform up: PostgreSQL, Redis, Kafka, Keycloak), makes a throw-away tenant and
# owner in Keycloak, seeds the panels, measures, and stops what it started.
#
#   bench/panels/run.sh                          # 1, 16, 64 connections, 15 s each, 10 s warm-up
#   CONNECTIONS="16" DURATION=30s bench/panels/run.sh
#   DURATION=3s WARMUP=2s bench/panels/run.sh     # a quick check that everything works
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-"1 16 64"}
PANELS=${PANELS:-1000}
COLUMNS=${COLUMNS:-3}        # columns per seeded panel (the list counts them)
LIMIT=${LIMIT:-50}           # page size of the measured GET
SEED_PARALLEL=${SEED_PARALLEL:-8}
PANEL_PORT=${PANEL_PORT:-18082}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
KEYCLOAK=${PANELS_KEYCLOAK_URL:-http://127.0.0.1:8180}
OUT=${OUT:-${TMPDIR:-/tmp}/panels-bench-panels}       # logs and raw wrk output
RESULTS=${RESULTS:-bench/panels/results/$(date +%F).md}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
. dev/lib/java-home.sh
JAVA="$JAVA_HOME/bin/java"

if [ ! -f panel-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f gateway/target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q -DskipTests package -pl panel-service,gateway -am
fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in "$PANEL_PORT" "$GATEWAY_PORT"; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is taken" >&2; exit 1; fi
done

mkdir -p "$OUT" "$(dirname "$RESULTS")"
rm -f "$OUT"/*.txt
panel="http://127.0.0.1:$PANEL_PORT"
gateway="http://127.0.0.1:$GATEWAY_PORT"

# panel-service against the shared dev database. Its own Kafka consumer groups with offsets at
# the end, so it takes no partitions from a running panel-service (or its tests) and replays
# nothing; the tenant is therefore unknown to it and gets the default plan limit, raised here.
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$PANEL_PORT QUARKUS_LOG_LEVEL=WARN \
PANELS_PANEL_DEFAULT_MAX_PANELS=$((PANELS + 100)) \
MP_MESSAGING_INCOMING_PANELS_TENANTS_GROUP_ID=panel-service.bench \
MP_MESSAGING_INCOMING_PANELS_TENANTS_AUTO_OFFSET_RESET=latest \
MP_MESSAGING_INCOMING_PANELS_PANELS_GROUP_ID=panel-service-schema-cache.bench \
  "$JAVA" -Xmx512m -jar panel-service/target/quarkus-app/quarkus-run.jar > "$OUT/panel-service.log" 2>&1 &
pids+=($!)
# The gateway in front of it; the rate limits are raised (the point is the cost of the check,
# not its refusals).
QUARKUS_HTTP_HOST=127.0.0.1 PANELS_GATEWAY_HTTP_PORT=$GATEWAY_PORT QUARKUS_LOG_LEVEL=WARN \
PANELS_PANEL_SERVICE_URL=$panel PANELS_GATEWAY_TENANT_GROUP=gateway.bench-panels \
PANELS_GATEWAY_RATE_LIMIT_TENANT_REQUESTS_PER_MINUTE=100000000 \
PANELS_GATEWAY_RATE_LIMIT_CLIENT_REQUESTS_PER_MINUTE=100000000 \
  "$JAVA" -Xmx512m -jar gateway/target/quarkus-app/quarkus-run.jar > "$OUT/gateway.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 180); do
  if curl -fs "$panel/q/health/ready" >/dev/null && curl -fs "$gateway/q/health/ready" >/dev/null; then break; fi
  sleep 0.5
done
curl -fs "$panel/q/health/ready" >/dev/null || { echo "panel-service did not start: $OUT/panel-service.log" >&2; exit 1; }
curl -fs "$gateway/q/health/ready" >/dev/null || { echo "gateway did not start: $OUT/gateway.log" >&2; exit 1; }

# --- A throw-away tenant and its owner, as platform/common's Keycloak.java makes them ---------
json_field() { sed -nE "s/.*\"$1\":\"([^\"]+)\".*/\1/p"; }
admin() { # method path json-body -> prints the Location header's last segment
  local admin_token location
  admin_token=$(curl -fsS -d grant_type=password -d client_id=admin-cli \
    -d "username=${PANELS_KEYCLOAK_ADMIN:-admin}" -d "password=${PANELS_KEYCLOAK_ADMIN_PASSWORD:-admin}" \
    "$KEYCLOAK/realms/master/protocol/openid-connect/token" | json_field access_token)
  location=$(curl -fsS -X "$1" -o /dev/null -D - -H "Authorization: Bearer $admin_token" \
    -H 'Content-Type: application/json' --data "$3" "$KEYCLOAK/admin/realms/panels$2" \
    | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  echo "${location##*/}"
}
alias="t-bench-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
tenant=$(admin POST /organizations "{\"name\":\"Bench $alias\",\"alias\":\"$alias\",\"enabled\":true,\"domains\":[{\"name\":\"$alias.test\"}]}")
owner="owner@$alias.test"
user=$(admin POST /users "{\"username\":\"$owner\",\"email\":\"$owner\",\"emailVerified\":true,\"enabled\":true,\"firstName\":\"Bench\",\"lastName\":\"Owner\",\"attributes\":{\"tenant_roles\":[\"$tenant:owner\"]},\"credentials\":[{\"type\":\"password\",\"value\":\"$owner\",\"temporary\":false}]}")
admin POST "/organizations/$tenant/members" "\"$user\"" >/dev/null
token() { # access tokens live 5 minutes: a fresh one for each step
  curl -fsS -d grant_type=password -d client_id=panels-test -d client_secret=panels-test-secret \
    -d "username=$owner" -d "password=$owner" --data-urlencode "scope=openid organization:$alias" \
    "$KEYCLOAK/realms/panels/protocol/openid-connect/token" | json_field access_token
}
echo "tenant $alias ($tenant), owner $owner"

# --- Seed: PANELS creates straight to panel-service, SEED_PARALLEL at a time ------------------
columns=""
for i in $(seq 1 "$COLUMNS"); do
  case $((i % 3)) in 1) type=text ;; 2) type=number ;; 0) type=date ;; esac
  columns="$columns${columns:+,}{\"name\":\"Column $i\",\"type\":\"$type\"}"
done
export TOKEN; TOKEN=$(token)
export SEED_URL="$panel/api/v1/panels" SEED_COLUMNS="$columns" SEED_RUN="$alias"
started=$(date +%s)
seq -w 1 "$PANELS" | xargs -P "$SEED_PARALLEL" -n 25 bash -c '
  for i; do
    curl -s -o /dev/null -w "%{http_code}\n" -X POST "$SEED_URL" \
      -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
      -H "Idempotency-Key: $SEED_RUN-$i" \
      --data "{\"name\":\"Panel $i\",\"description\":\"Benchmark panel $i\",\"colour\":\"blue\",\"columns\":[$SEED_COLUMNS]}"
  done' _ > "$OUT/seed.txt"
created=$(grep -c '^201$' "$OUT/seed.txt" || true)
echo "seeded $created/$PANELS panels in $(( $(date +%s) - started )) s"
held=$(curl -fsS -H "Authorization: Bearer $(token)" "$panel/api/v1/panels/usage" | sed -nE 's/.*"panels":([0-9]+).*/\1/p')
[ "$held" = "$PANELS" ] || { echo "the tenant holds ${held:-?} panels, not $PANELS (statuses: $(sort "$OUT/seed.txt" | uniq -c | tr '\n' ' '))" >&2; exit 1; }

path="/api/v1/panels?limit=$LIMIT"
check=$(curl -s -o "$OUT/page.json" -w '%{http_code}' -H "Authorization: Bearer $(token)" "$gateway$path")
items=$(grep -o '"columnCount"' "$OUT/page.json" | wc -l)
[ "$check" = 200 ] && [ "$items" = "$LIMIT" ] || { echo "GET $gateway$path answered $check with $items items" >&2; exit 1; }
echo "GET $path: $(wc -c < "$OUT/page.json") bytes, $items items"

# --- Measure -----------------------------------------------------------------------------------
echo "warming up ($WARMUP per target)"
wrk -t2 -c16 -d"$WARMUP" -H "Authorization: Bearer $(token)" "$panel$path" > /dev/null
wrk -t2 -c16 -d"$WARMUP" -H "Authorization: Bearer $(token)" "$gateway$path" > /dev/null

ms() { awk -v us="$1" 'BEGIN { if (us < 10000) printf "%.2f ms", us / 1000; else printf "%.0f ms", us / 1000 }'; }
field() { sed -nE "s/.* $1=([0-9]+).*/\1/p" "$2"; }
rows=()
run() { # name base-url connections
  local name=$1 url=$2$path c=$3 threads=2 file
  [ "$c" -ge 2 ] || threads=1
  file="$OUT/$name-c$c.txt"
  wrk -t"$threads" -c"$c" -d"$DURATION" --latency -s bench/panels/list.lua \
    -H "Authorization: Bearer $(token)" "$url" > "$file"
  local rps errors
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$file")
  errors=$(( $(field status_errors "$file") + $(field socket_errors "$file") ))
  rows+=("$(printf '| %-7s | %4s | %8s | %9s | %9s | %9s | %6s |' "$name" "$c" "$rps" \
    "$(ms "$(field p50 "$file")")" "$(ms "$(field p95 "$file")")" "$(ms "$(field p99 "$file")")" "$errors")")
  echo "${rows[-1]}"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "| path    | conn |    req/s |       p50 |       p95 |       p99 | errors |"
echo "| ------- | ---- | -------- | --------- | --------- | --------- | ------ |"
for c in $CONNECTIONS; do
  run gateway "$gateway" "$c"
  run direct "$panel" "$c"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# bench/panels/run.sh, $(date -u '+%F %H:%M') UTC"
  echo
  echo "GET \`$path\` for a tenant holding $PANELS panels ($COLUMNS columns each), $DURATION per row"
  echo "after a $WARMUP warm-up per target; \`gateway\` = through the gateway (token, tenant state +"
  echo "rate limit in Redis, proxy), \`direct\` = straight to panel-service. $(nproc) CPUs;"
  echo "load average (1/5/15 min) $load_before before the runs, $load_after after."
  echo "errors = wrk socket errors + HTTP status >= 400."
  echo
  echo "| path    | conn |    req/s |       p50 |       p95 |       p99 | errors |"
  echo "| ------- | ---- | -------- | --------- | --------- | --------- | ------ |"
  printf '%s\n' "${rows[@]}"
} > "$RESULTS"
echo "load average: $load_before before, $load_after after"
echo "written: $RESULTS; raw wrk output and logs: $OUT"
echo "tenant $alias ($tenant) is left in Keycloak and the database with its $PANELS panels"
