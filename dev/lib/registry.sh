# shellcheck shell=bash
# A local OCI registry (Debian's docker-registry, distribution 2.8) on 127.0.0.1:5000 for dev/images.
# Sourced after common.sh, never executed. Storage and config live in .cache/registry/.

REGISTRY_ADDR=${PANELS_REGISTRY_ADDR:-127.0.0.1:5000}
REGISTRY_DIR="$CACHE_DIR/registry"
REGISTRY_PID="$RUN_DIR/registry.pid"
REGISTRY_LOG="$LOG_DIR/registry.log"

# docker-registry and skopeo from Debian, jq for reading image manifests: installed on first use.
registry_tools() {
  local missing=()
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v skopeo >/dev/null || missing+=(skopeo)
  command -v jq >/dev/null || missing+=(jq)
  [ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"
}

registry_up() {
  registry_tools
  if pid_matches "$REGISTRY_PID" "$REGISTRY_DIR/config.yml"; then
    log "registry already running on $REGISTRY_ADDR"
    return 0
  fi
  port_open "${REGISTRY_ADDR%:*}" "${REGISTRY_ADDR##*:}" \
    && die "something else listens on $REGISTRY_ADDR (set PANELS_REGISTRY_ADDR)"
  mkdir -p "$REGISTRY_DIR/data"
  cat >"$REGISTRY_DIR/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
EOF
  log "starting registry on $REGISTRY_ADDR"
  spawn_daemon "$REGISTRY_PID" "$REGISTRY_LOG" docker-registry serve "$REGISTRY_DIR/config.yml"
  wait_started registry 30 "$REGISTRY_LOG" "$REGISTRY_PID" curl -fsS "http://$REGISTRY_ADDR/v2/"
}

registry_down() {
  stop_pidfile "$REGISTRY_PID" "$REGISTRY_DIR/config.yml" 10 registry
}

registry_status() {
  if pid_matches "$REGISTRY_PID" "$REGISTRY_DIR/config.yml" && curl -fsS "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1; then
    status_line registry "$REGISTRY_ADDR" up
  else
    status_line registry "$REGISTRY_ADDR" down
  fi
}

# skopeo reads a signature policy; Debian's containers-common may be absent, so bring our own.
skopeo_policy() {
  mkdir -p "$REGISTRY_DIR"
  printf '{"default":[{"type":"insecureAcceptAnything"}]}\n' >"$REGISTRY_DIR/policy.json"
  printf '%s\n' "$REGISTRY_DIR/policy.json"
}
