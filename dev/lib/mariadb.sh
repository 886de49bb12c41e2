# shellcheck shell=bash
# MariaDB on 127.0.0.1:3306 (Debian's mariadb-server), for data-service's sync tests and bench:
# database panels_sync, a writer panels_sync / panels_sync (tests seed it) and a read-only user
# panels_sync_ro / panels_sync_ro (what a data source connects as). Reuses a server that already
# answers; otherwise runs our own mariadbd with its data under .cache/mariadb. Sourced by dev/platform.

MARIADB_PORT=3306
MARIADB_PID_FILE="$RUN_DIR/mariadb.pid"
MARIADB_LOG="$LOG_DIR/mariadb.log"
MARIADB_DATA="$CACHE_DIR/mariadb/data"
# Owned by the mysql user, like the data: mariadbd does not run as root.
MARIADB_SOCKET="$CACHE_DIR/mariadb/mariadbd.sock"

mariadb_answers() {
  port_open "$BIND_HOST" "$MARIADB_PORT" || return 1
  command -v mariadb >/dev/null || return 0
  mariadb --protocol=tcp -h "$BIND_HOST" -P "$MARIADB_PORT" -u panels_sync -ppanels_sync \
    -e 'SELECT 1' panels_sync >/dev/null 2>&1
}

# Our own server answers on its socket (as root through unix_socket auth) before users exist.
mariadb_socket_answers() {
  mariadb --protocol=socket -S "$MARIADB_SOCKET" -u root -e 'SELECT 1' >/dev/null 2>&1
}

mariadb_up() {
  if mariadb_answers; then
    log "MariaDB already answers on $BIND_HOST:$MARIADB_PORT"
    return 0
  fi
  if port_open "$BIND_HOST" "$MARIADB_PORT" && ! pid_matches "$MARIADB_PID_FILE" mariadbd; then
    die "port $MARIADB_PORT is taken by something that is not our MariaDB (or it lacks the panels_sync user)"
  fi
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server mariadb-client
  local daemon=mariadbd
  command -v mariadbd >/dev/null || daemon=/usr/sbin/mariadbd
  mkdir -p "$CACHE_DIR/mariadb"
  if [ ! -d "$MARIADB_DATA/mysql" ]; then
    log "initialising MariaDB in $MARIADB_DATA"
    mkdir -p "$MARIADB_DATA"
    chown -R mysql:mysql "$CACHE_DIR/mariadb" 2>/dev/null || true
    mariadb-install-db --user=mysql --datadir="$MARIADB_DATA" --auth-root-authentication-method=socket \
      --skip-test-db >>"$MARIADB_LOG" 2>&1 || die "mariadb-install-db failed; see $MARIADB_LOG"
  fi
  if ! pid_matches "$MARIADB_PID_FILE" mariadbd; then
    log "starting MariaDB on $BIND_HOST:$MARIADB_PORT"
    # Debian's service scripts and /etc/mysql are not used: a command line keeps it on loopback.
    spawn_daemon "$MARIADB_PID_FILE" "$MARIADB_LOG" "$daemon" --no-defaults --user=mysql \
      --datadir="$MARIADB_DATA" --bind-address="$BIND_HOST" --port="$MARIADB_PORT" --socket="$MARIADB_SOCKET" \
      --pid-file="$CACHE_DIR/mariadb/mariadbd.pid" --skip-name-resolve --max-connections=300
    wait_started "MariaDB" 60 "$MARIADB_LOG" "$MARIADB_PID_FILE" mariadb_socket_answers
  fi
  mariadb --protocol=socket -S "$MARIADB_SOCKET" -u root >>"$MARIADB_LOG" 2>&1 <<'SQL' || die "creating the panels_sync users failed; see $MARIADB_LOG"
CREATE DATABASE IF NOT EXISTS panels_sync CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS 'panels_sync'@'127.0.0.1' IDENTIFIED BY 'panels_sync';
CREATE USER IF NOT EXISTS 'panels_sync_ro'@'127.0.0.1' IDENTIFIED BY 'panels_sync_ro';
GRANT ALL PRIVILEGES ON panels_sync.* TO 'panels_sync'@'127.0.0.1';
GRANT SELECT ON panels_sync.* TO 'panels_sync_ro'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
  wait_until "MariaDB" 30 "$MARIADB_LOG" mariadb_answers
}

mariadb_down() {
  stop_pidfile "$MARIADB_PID_FILE" mariadbd 30 MariaDB
}

mariadb_status() {
  local state=down
  mariadb_answers && state=up
  status_line mariadb "$BIND_HOST:$MARIADB_PORT" "$state"
}
