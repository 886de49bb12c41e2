# shellcheck shell=bash
# Shared helpers for dev/platform. Sourced, never executed.
# Every component keeps its pid file in RUN_DIR, its log in LOG_DIR and its state and
# downloads under CACHE_DIR, all inside the git-ignored .cache/ at the repository root.

PANELS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEV_DIR="$PANELS_ROOT/dev"
CACHE_DIR="$PANELS_ROOT/.cache"
RUN_DIR="$CACHE_DIR/run"
LOG_DIR="$CACHE_DIR/logs"
BIND_HOST=127.0.0.1  # every server binds to loopback only
export BIND_HOST

log() { printf '[platform] %s\n' "$*" >&2; }

die() {
  printf '[platform] ERROR: %s\n' "$*" >&2
  exit 1
}

ensure_dirs() { mkdir -p "$RUN_DIR" "$LOG_DIR"; }

# True when something accepts TCP connections on host:port (bash's /dev/tcp: no nc needed).
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# Polls "$@" once a second until it succeeds or $2 seconds pass.
# Usage: wait_until <what> <timeout-seconds> <log-file> <command...>
wait_until() {
  local what=$1 limit=$2 logfile=$3
  shift 3
  local waited=0
  until "$@" >/dev/null 2>&1; do
    if [ "$waited" -ge "$limit" ]; then
      die "$what not ready after ${limit}s; see $logfile"
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# Like wait_until, but gives up at once when the process in the pid file has exited.
# Usage: wait_started <what> <timeout-seconds> <log-file> <pid-file> <command...>
wait_started() {
  local what=$1 limit=$2 logfile=$3 pidfile=$4
  shift 4
  local waited=0
  until "$@" >/dev/null 2>&1; do
    live_pid "$pidfile" >/dev/null || die "$what exited during start; see $logfile"
    if [ "$waited" -ge "$limit" ]; then
      die "$what not ready after ${limit}s (still running, pid $(live_pid "$pidfile")); see $logfile"
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# Starts "$@" in the background in its own session (so a CI job's process group kill or a
# closed terminal does not take it down), output appended to $2, and writes its pid to $1.
spawn_daemon() {
  local pidfile=$1 logfile=$2
  shift 2
  (cd "$PANELS_ROOT" && exec setsid "$@" >>"$logfile" 2>&1 </dev/null 9>&-) &
  printf '%s\n' "$!" >"$pidfile"
}

# True when the file's checksum equals the one stored in the stamp file.
stamp_matches() { [ -f "$2" ] && [ "$(cat "$2")" = "$1" ]; }

# Prints the pid recorded in a pid file when that process still lives, else fails.
live_pid() {
  local pidfile=$1 pid
  [ -s "$pidfile" ] || return 1
  pid=$(tr -dc '0-9' <"$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  printf '%s\n' "$pid"
}

# True when the live process in the pid file has $2 in its command line: a pid file left
# from before a reboot may name an unrelated process that reused the pid.
pid_matches() {
  local pidfile=$1 needle=$2 pid
  pid=$(live_pid "$pidfile") || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$needle"
}

# Stops the process recorded in a pid file (only if it is ours: see pid_matches) with
# SIGTERM, then SIGKILL after $3 seconds, and removes the pid file.
stop_pidfile() {
  local pidfile=$1 needle=$2 limit=${3:-30} name=$4 pid waited=0
  if ! pid_matches "$pidfile" "$needle"; then
    rm -f "$pidfile"
    return 0
  fi
  pid=$(live_pid "$pidfile")
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge "$limit" ]; then
      log "$name did not stop in ${limit}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$pidfile"
}

# apt-get update runs at most once per dev/platform run, and only when something is missing.
APT_UPDATED=
apt_install() {
  [ "$(id -u)" -eq 0 ] || die "installing $* needs root (apt-get); install it yourself or run as root"
  if [ -z "$APT_UPDATED" ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$LOG_DIR/apt.log" 2>&1 \
      || die "apt-get update failed; see $LOG_DIR/apt.log"
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
    >>"$LOG_DIR/apt.log" 2>&1 || die "apt-get install $* failed; see $LOG_DIR/apt.log"
}

# Prints "<name> <address> up|down" and returns 0 when up.
status_line() {
  local name=$1 address=$2 state=$3
  printf '%-12s %-28s %s\n' "$name" "$address" "$state"
  [ "$state" = up ]
}

# Runs a command that leaves a daemon behind with the lock descriptor (fd 9) closed:
# a daemon that inherited it would hold dev/platform's lock for as long as it runs.
without_lock() { "$@" 9>&-; }

# Sets JAVA_HOME to a JDK >= 21 via the shared helper (it exits when there is none).
use_java() {
  if [ -z "${PANELS_JAVA_READY-}" ]; then
    # shellcheck source=dev/lib/java-home.sh
    . "$DEV_DIR/lib/java-home.sh"
    PANELS_JAVA_READY=1
  fi
}
