# The Panels services as local processes, for dev/up and dev/down. Sourced, never executed.
# Each service that exists as a module and has been packaged runs from its fast-jar on its
# own port, logs to .cache/logs/<service>.log and keeps its pid in .cache/run/<service>.pid.

# name:port, gateway first (it is the one URL people use).
PANELS_SERVICES=(
  gateway:8080
  auth-service:8081
  panel-service:8082
  data-service:8083
  view-service:8084
  notification-service:8085
  export-service:8086
)

service_jar() { printf '%s/%s/target/quarkus-app/quarkus-run.jar\n' "$PANELS_ROOT" "$1"; }

# Services that are modules of the build (listed in the parent pom): a directory that is
# still being written, and not yet in the reactor, is not started.
existing_services() {
  local entry
  for entry in "${PANELS_SERVICES[@]}"; do
    grep -q "<module>${entry%%:*}</module>" "$PANELS_ROOT/pom.xml" && printf '%s\n' "$entry"
  done
  return 0
}

service_up() {
  local name=${1%%:*} port=${1##*:} pidfile jar
  pidfile="$RUN_DIR/$name.pid"
  jar=$(service_jar "$name")
  if pid_matches "$pidfile" "$jar"; then
    log "$name already running on 127.0.0.1:$port"
    return 0
  fi
  [ -f "$jar" ] || die "$name is not built ($jar missing): run ./mvnw -DskipTests package"
  log "starting $name on 127.0.0.1:$port"
  # exec: the recorded pid is the java process itself, so `down` stops exactly it.
  # Traces are exported only to a collector someone named (as the Helm chart does): without
  # QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT the SDK is off instead of retrying localhost:4317.
  local otel_off=true
  [ -n "${QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT-}" ] && otel_off=false
  (cd "$PANELS_ROOT/$name" && QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" \
    QUARKUS_OTEL_SDK_DISABLED="${QUARKUS_OTEL_SDK_DISABLED:-$otel_off}" exec nohup "$JAVA_HOME/bin/java" -Xmx384m -jar "$jar") >"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

service_wait() {
  local name=${1%%:*} port=${1##*:}
  wait_until "$name" 120 "$LOG_DIR/$name.log" curl -fsS "http://127.0.0.1:$port/q/health/ready"
}

service_down() {
  local name=${1%%:*}
  stop_pidfile "$RUN_DIR/$name.pid" "$(service_jar "$name")" 30 "$name"
}
