# shellcheck shell=bash
# Redis on 127.0.0.1:6379: reuse one that answers, else run redis-server ourselves
# (daemonized, no persistence: a dev cache needs none). Sourced by dev/platform.

REDIS_PORT=6379
REDIS_PID_FILE="$RUN_DIR/redis.pid"
REDIS_LOG="$LOG_DIR/redis.log"

# PING over bash's /dev/tcp, so a Redis we did not install still counts without redis-cli.
# shellcheck disable=SC2016 # $0/$1 expand in the inner bash
redis_answers() {
  timeout 2 bash -c '
    exec 3<>/dev/tcp/$0/$1 || exit 1
    printf "PING\r\n" >&3
    IFS= read -r reply <&3
    [[ $reply == "+PONG"* ]]' "$BIND_HOST" "$REDIS_PORT" 2>/dev/null
}

redis_up() {
  if redis_answers; then
    log "Redis already answers on $BIND_HOST:$REDIS_PORT"
    return 0
  fi
  port_open "$BIND_HOST" "$REDIS_PORT" && die "port $REDIS_PORT is taken by something that is not Redis"
  command -v redis-server >/dev/null || apt_install redis-server redis-tools
  mkdir -p "$CACHE_DIR/redis"
  log "starting Redis on $BIND_HOST:$REDIS_PORT"
  # Debian's unit and /etc/redis/redis.conf are not used: no systemd here, and a
  # command-line config keeps the server bound to loopback whatever the package ships.
  without_lock redis-server --daemonize yes --bind "$BIND_HOST" --port "$REDIS_PORT" \
    --save "" --appendonly no --dir "$CACHE_DIR/redis" \
    --pidfile "$REDIS_PID_FILE" --logfile "$REDIS_LOG" \
    || die "redis-server did not start; see $REDIS_LOG"
  wait_until "Redis" 30 "$REDIS_LOG" redis_answers
}

redis_down() {
  stop_pidfile "$REDIS_PID_FILE" redis-server 20 Redis
}

redis_status() {
  local state=down
  redis_answers && state=up
  status_line redis "$BIND_HOST:$REDIS_PORT" "$state"
}
