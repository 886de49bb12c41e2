# shellcheck shell=bash
# PostgreSQL on 127.0.0.1:5432: reuse a server that answers, else start Debian's cluster.
# Sourced by dev/platform; needs common.sh.

PG_PORT=5432
PG_DATABASE=${PANELS_PG_DATABASE:-panels}
# One login role and one schema per service, plus `platform` for the shared-library tests.
PG_SCHEMAS=(auth panel data view notification export platform)
# Written only when this script started the cluster: `down` stops only what `up` started.
PG_OWNED_FILE="$RUN_DIR/postgres.owned"

pg_answers() { pg_isready -q -h "$BIND_HOST" -p "$PG_PORT" -t 2; }

# Prints "<version> <cluster>" of the Debian cluster configured for our port, if any.
pg_find_cluster() {
  pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2; exit }'
}

pg_newest_version() {
  find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -n | tail -n 1
}

pg_install_if_missing() {
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(pg_newest_version)" ]; then
    apt_install postgresql
  fi
}

pg_start_cluster() {
  [ "$(id -u)" -eq 0 ] || die "starting PostgreSQL needs root (pg_ctlcluster); or start a server on $BIND_HOST:$PG_PORT yourself"
  local cluster version name logfile
  cluster=$(pg_find_cluster)
  if [ -z "$cluster" ]; then
    version=$(pg_newest_version)
    log "creating PostgreSQL $version cluster main on port $PG_PORT"
    pg_createcluster "$version" main --port "$PG_PORT" >>"$LOG_DIR/postgres-create.log" 2>&1 \
      || die "pg_createcluster failed; see $LOG_DIR/postgres-create.log"
    cluster="$version main"
  fi
  read -r version name <<<"$cluster"
  logfile="/var/log/postgresql/postgresql-$version-$name.log"
  # The socket directory lives on a tmpfs on real machines and vanishes at reboot.
  install -d -o postgres -g postgres -m 2775 /var/run/postgresql
  log "starting PostgreSQL $version/$name on $BIND_HOST:$PG_PORT"
  # Settings go on the command line, not into /etc: only a cluster we start gets them
  # (loopback only; 300 connections because every service and test opens its own pools).
  without_lock pg_ctlcluster "$version" "$name" start -- \
    -o "-c listen_addresses=$BIND_HOST -c max_connections=300" >>"$LOG_DIR/postgres-start.log" 2>&1 \
    || die "pg_ctlcluster $version $name start failed; see $LOG_DIR/postgres-start.log and $logfile"
  printf '%s %s\n' "$version" "$name" >"$PG_OWNED_FILE"
  wait_until "PostgreSQL" 60 "$logfile" pg_answers
}

# Runs SQL from stdin as the superuser: peer login as `postgres` over the local socket,
# or PANELS_PG_SUPERUSER_URL for a server that is not this machine's Debian cluster.
pg_superuser_psql() {
  local db=$1
  if [ -n "${PANELS_PG_SUPERUSER_URL-}" ]; then
    psql -X -q -v ON_ERROR_STOP=1 -d "${PANELS_PG_SUPERUSER_URL%/*}/$db"
  else
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d "$db"
  fi
}

# Idempotent: creates what is missing and resets passwords, owners and search paths.
pg_provision() {
  local role sql=""
  for role in panels "${PG_SCHEMAS[@]}"; do
    sql+="SELECT format('CREATE ROLE %I LOGIN', '$role')
            WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') \\gexec
          ALTER ROLE \"$role\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$role';
"
  done
  sql+="SELECT 'CREATE DATABASE $PG_DATABASE OWNER panels'
          WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DATABASE') \\gexec
        ALTER DATABASE $PG_DATABASE OWNER TO panels;
"
  printf '%s' "$sql" | pg_superuser_psql postgres >>"$LOG_DIR/postgres-provision.log" 2>&1 \
    || die "creating roles and database failed; see $LOG_DIR/postgres-provision.log"

  sql=""
  for role in "${PG_SCHEMAS[@]}"; do
    sql+="CREATE SCHEMA IF NOT EXISTS \"$role\" AUTHORIZATION \"$role\";
          ALTER SCHEMA \"$role\" OWNER TO \"$role\";
          ALTER ROLE \"$role\" SET search_path TO \"$role\";
"
  done
  printf '%s' "$sql" | pg_superuser_psql "$PG_DATABASE" >>"$LOG_DIR/postgres-provision.log" 2>&1 \
    || die "creating schemas failed; see $LOG_DIR/postgres-provision.log"
}

postgres_up() {
  pg_install_if_missing
  if pg_answers; then
    log "PostgreSQL already answers on $BIND_HOST:$PG_PORT"
  elif port_open "$BIND_HOST" "$PG_PORT"; then
    die "port $PG_PORT is taken by something that is not PostgreSQL"
  else
    pg_start_cluster
  fi
  pg_provision
}

postgres_down() {
  [ -s "$PG_OWNED_FILE" ] || return 0
  local version name
  read -r version name <"$PG_OWNED_FILE"
  log "stopping PostgreSQL $version/$name"
  pg_ctlcluster "$version" "$name" stop -m fast >>"$LOG_DIR/postgres-start.log" 2>&1 || true
  rm -f "$PG_OWNED_FILE"
}

postgres_status() {
  local state=down
  command -v pg_isready >/dev/null && pg_answers && state=up
  status_line postgresql "$BIND_HOST:$PG_PORT" "$state"
}
