#!/usr/bin/env bash
# Stream benchmark (bench/stream/README.md). Starts notification-service on 18085 (and, for
# MODE=latency, data-service on 18083) from their fast-jars against the dev platform, runs
# bench/stream/Bench.java, stops what it started. Build first:
#   ./mvnw -B -ntp -pl notification-service,data-service package -DskipTests
#   MODE (latency)        latency: row writes through data-service's API -> subscribed clients
#                         connections: CONNECTIONS sockets, connect time and the service's heap
#   CONNECTIONS (10000)   MODE=connections
#   SUBSCRIBERS (1000)    MODE=latency: connections subscribed to the panel
#   RATE (500)            MODE=latency: row writes per second
#   DURATION (20)         MODE=latency: seconds of writing (after WARMUP (120) s at the same rate)
#   HEAP (1g)             the notification-service's -Xmx
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/dev/lib/java-home.sh"
java="$JAVA_HOME/bin/java"
mode="${MODE:-latency}"
# Each connection is a file descriptor in the service and one in the client.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open files limit: $(ulimit -n)"

m2="${MAVEN_REPO:-$HOME/.m2/repository}"
jar() { # group path, artifact: the newest non-sources jar
  ls "$m2/$1/$2"/*/"$2"-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e tests | sort -V | tail -1
}
cp="$(jar org/apache/kafka kafka-clients):$(jar org/slf4j slf4j-api):$(jar io/vertx vertx-core):$(jar com/fasterxml/jackson/core jackson-core)"
for n in netty-common netty-buffer netty-transport netty-handler netty-codec netty-codec-http netty-codec-http2 netty-resolver \
         netty-resolver-dns netty-codec-dns netty-handler-proxy netty-codec-socks netty-transport-native-unix-common; do
  cp="$cp:$(jar io/netty "$n")"
done

logs="${TMPDIR:-/tmp}/panels-bench-stream"
mkdir -p "$logs"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
group="bench-stream-$(date +%s)"

start() { # name port log args...
  local name=$1 port=$2; shift 2
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use: stop what listens there first" >&2
    exit 1
  fi
  "$java" -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -Dquarkus.log.console.json.enabled=false -Dquarkus.otel.sdk.disabled=true "$@" \
    -jar "$root/$name/target/quarkus-app/quarkus-run.jar" >"$logs/$name.log" 2>&1 &
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

start notification-service 18085 -Xmx"${HEAP:-1g}" \
  -Dpanels.notification.stream.max-queued-messages=10000 \
  -Dmp.messaging.incoming.directory.group.id="$group-directory" \
  -Dmp.messaging.incoming.directory.auto.offset.reset=latest \
  -Dmp.messaging.incoming.inbox.group.id="$group-inbox" \
  -Dmp.messaging.incoming.webhook-fanout.group.id="$group-webhooks"
service=${pids[-1]}
if [ "$mode" = latency ]; then
  start data-service 18083 -Xmx512m -Dmp.messaging.incoming.panels-panels.group.id="$group-data" \
    -Dmp.messaging.incoming.panels-panels.auto.offset.reset=latest
  ready 18083
fi
ready 18085
# The directory and data-service consumers start at the latest offset: give them their partitions.
sleep 5
SERVICE_PID=$service "$java" -Xmx2g -cp "$cp" "$root/bench/stream/Bench.java"
echo "logs: $logs"
