# shellcheck shell=bash
# Keycloak 26 (the distribution zip from Maven Central, dev/keycloak/pom.xml) in start-dev
# mode on http://127.0.0.1:8180, management (health) on 127.0.0.1:9180, H2 file database
# inside the unpacked distribution under .cache/keycloak/. Realm `panels` comes from
# dev/keycloak/panels-realm.json. Sourced by dev/platform; needs common.sh.

KC_PORT=8180
KC_MANAGEMENT_PORT=9180
KC_URL="http://$BIND_HOST:$KC_PORT"
KC_REALM=panels
KC_REALM_FILE="$DEV_DIR/keycloak/panels-realm.json"
KC_CACHE="$CACHE_DIR/keycloak"
KC_PID_FILE="$RUN_DIR/keycloak.pid"
KC_LOG="$LOG_DIR/keycloak.log"
# Checksum of the realm file last imported: kept in the realm itself (attribute
# KC_REALM_SUM_ATTRIBUTE), so every checkout using this Keycloak agrees, and copied to
# KC_REALM_STAMP so that a second `up` need not log in to find out.
KC_REALM_STAMP="$KC_CACHE/realm.sha256"
KC_REALM_SUM_ATTRIBUTE=panelsRealmFileSha256
KC_ADMIN_USER="admin"
KC_ADMIN_PASSWORD="admin"

kc_version() {
  sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$DEV_DIR/keycloak/pom.xml"
}

KC_HOME="$KC_CACHE/keycloak-$(kc_version)"

# Ours answers on the health endpoint; the realm endpoint also covers a Keycloak started by
# someone else without health checks.
kc_ready() {
  curl -fs -o /dev/null --max-time 3 "http://$BIND_HOST:$KC_MANAGEMENT_PORT/health/ready" \
    || curl -fs -o /dev/null --max-time 3 "$KC_URL/realms/master"
}

# Downloads (through Maven, so ~/.m2 caches it) and unpacks the distribution once per version.
kc_fetch() {
  [ -x "$KC_HOME/bin/kc.sh" ] && return 0
  local version zip
  version=$(kc_version)
  zip="$KC_CACHE/download/keycloak-quarkus-dist-$version.zip"
  if [ ! -s "$zip" ]; then
    log "downloading Keycloak $version from Maven Central (about 180 MB)"
    "$PANELS_ROOT/mvnw" -q -B -f "$DEV_DIR/keycloak/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$KC_CACHE/download" >"$LOG_DIR/keycloak-fetch.log" 2>&1 \
      || die "downloading Keycloak failed; see $LOG_DIR/keycloak-fetch.log"
  fi
  log "unpacking Keycloak $version"
  rm -rf "$KC_CACHE/unpack"
  mkdir -p "$KC_CACHE/unpack"
  if command -v unzip >/dev/null; then
    unzip -q "$zip" -d "$KC_CACHE/unpack"
  else
    (cd "$KC_CACHE/unpack" && "$JAVA_HOME/bin/jar" xf "$zip")
  fi
  # jar xf drops the executable bits.
  chmod +x "$KC_CACHE/unpack/keycloak-$version/bin/"*.sh
  mv "$KC_CACHE/unpack/keycloak-$version" "$KC_HOME"
  rm -rf "$KC_CACHE/unpack"
}

kc_start() {
  log "starting Keycloak on $KC_URL (20-60 s)"
  # kc.sh forwards SIGTERM to its java child, or becomes java itself after a re-build:
  # either way the pid we record (kc.sh's) is the one to signal.
  KC_BOOTSTRAP_ADMIN_USERNAME=$KC_ADMIN_USER KC_BOOTSTRAP_ADMIN_PASSWORD=$KC_ADMIN_PASSWORD \
    JAVA_OPTS_KC_HEAP="-Xms128m -Xmx512m" \
    spawn_daemon "$KC_PID_FILE" "$KC_LOG" "$KC_HOME/bin/kc.sh" start-dev \
    --http-host="$BIND_HOST" --http-port="$KC_PORT" \
    --http-management-port="$KC_MANAGEMENT_PORT" \
    --health-enabled=true --features=organization
  wait_started "Keycloak" 240 "$KC_LOG" "$KC_PID_FILE" kc_ready
}

kc_admin_token() {
  curl -fsS --max-time 10 "$KC_URL/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    -d username="$KC_ADMIN_USER" -d password="$KC_ADMIN_PASSWORD" | jq -r .access_token
}

# curl against the Admin API of realm panels: kc_admin <method> <path> [curl args...]
kc_admin() {
  local method=$1 path=$2
  shift 2
  curl -fsS --max-time 30 -X "$method" -H "Authorization: Bearer $KC_TOKEN" \
    "$KC_URL/admin/realms$path" "$@"
}

kc_realm_exists() { curl -fs -o /dev/null --max-time 5 "$KC_URL/realms/$KC_REALM"; }

# The built-in `organization` client scope carries the mapper that honours the
# `organization:<alias>` scope parameter. A realm file can only change it by listing every
# built-in scope (a list replaces them all), so this turns the organization id on here.
# A second Organization Membership mapper on the clients would not do: Keycloak then merges
# both outputs into a list ([{"demo":{"id":..}},"demo"]) instead of one map.
kc_enable_organization_id() {
  local scope_id mapper
  scope_id=$(kc_admin GET "/$KC_REALM/client-scopes" | jq -r '.[] | select(.name == "organization") | .id')
  [ -n "$scope_id" ] || die "realm $KC_REALM has no built-in 'organization' client scope; see $KC_LOG"
  mapper=$(kc_admin GET "/$KC_REALM/client-scopes/$scope_id/protocol-mappers/models" \
    | jq -c '.[] | select(.protocolMapper == "oidc-organization-membership-mapper")')
  [ -n "$mapper" ] || die "the 'organization' client scope has no Organization Membership mapper"
  printf '%s' "$mapper" \
    | jq -c '.config += {"addOrganizationId": "true", "jsonType.label": "JSON", "multivalued": "true",
                         "access.token.claim": "true", "id.token.claim": "true",
                         "userinfo.token.claim": "true", "introspection.token.claim": "true"}' \
    | kc_admin PUT "/$KC_REALM/client-scopes/$scope_id/protocol-mappers/models/$(jq -r .id <<<"$mapper")" \
      -H 'Content-Type: application/json' --data-binary @- >/dev/null
}

# Imports the realm when it is missing or when the realm file (or the step that completes it)
# changed since the last import. Re-importing deletes the realm first: users and organizations
# created since (by tests, by auth-service) go with it, as with `kc.sh import --override true`.
kc_import_realm() {
  local sum
  sum=$({ cat "$KC_REALM_FILE"; declare -f kc_enable_organization_id; } | sha256sum | cut -d' ' -f1)
  if kc_realm_exists && stamp_matches "$sum" "$KC_REALM_STAMP"; then
    return 0
  fi
  command -v jq >/dev/null || apt_install jq
  KC_TOKEN=$(kc_admin_token) || die "cannot log in to Keycloak as $KC_ADMIN_USER; see $KC_LOG"
  if kc_realm_exists \
    && [ "$(kc_admin GET "/$KC_REALM" | jq -r --arg a "$KC_REALM_SUM_ATTRIBUTE" '.attributes[$a] // ""')" = "$sum" ]; then
    printf '%s\n' "$sum" >"$KC_REALM_STAMP"
    return 0
  fi
  if kc_realm_exists; then
    log "realm file changed: re-importing realm $KC_REALM (its users and organizations are replaced)"
    kc_admin DELETE "/$KC_REALM" >/dev/null || die "deleting realm $KC_REALM failed; see $KC_LOG"
  else
    log "importing realm $KC_REALM from ${KC_REALM_FILE#"$PANELS_ROOT"/}"
  fi
  kc_admin POST "" -H 'Content-Type: application/json' --data-binary @"$KC_REALM_FILE" \
    >"$LOG_DIR/keycloak-import.log" 2>&1 \
    || die "importing realm $KC_REALM failed; see $LOG_DIR/keycloak-import.log and $KC_LOG"
  kc_enable_organization_id
  jq -n --arg a "$KC_REALM_SUM_ATTRIBUTE" --arg sum "$sum" '{attributes: {($a): $sum}}' \
    | kc_admin PUT "/$KC_REALM" -H 'Content-Type: application/json' --data-binary @- >/dev/null
  printf '%s\n' "$sum" >"$KC_REALM_STAMP"
  log "demo organization: $(kc_admin GET "/$KC_REALM/organizations?max=100" \
    | jq -r '.[] | select(.alias == "demo") | "alias \(.alias), id \(.id)"')"
}

keycloak_up() {
  use_java
  command -v curl >/dev/null || apt_install curl
  mkdir -p "$KC_CACHE"
  if kc_ready; then
    log "Keycloak already answers on $KC_URL"
  else
    port_open "$BIND_HOST" "$KC_PORT" && die "port $KC_PORT is taken by something that is not a ready Keycloak"
    kc_fetch
    kc_start
  fi
  kc_import_realm
}

keycloak_down() {
  local pid
  pid=$(live_pid "$KC_PID_FILE") || true
  # Any version under .cache/keycloak: a version bump must still stop the old server.
  stop_pidfile "$KC_PID_FILE" "$KC_CACHE" 60 Keycloak
  # Should kc.sh have been killed before it forwarded the signal, its java child (marked
  # with kc.sh's pid on its command line) would be left behind.
  if [ -n "$pid" ]; then
    pkill -TERM -f -- "-Dkc.script.pid=$pid " 2>/dev/null || true
  fi
}

keycloak_wipe() {
  log "wiping Keycloak database (keeping the distribution)"
  rm -rf "$KC_HOME/data" "$KC_REALM_STAMP"
}

keycloak_status() {
  local state=down
  kc_ready && state=up
  status_line keycloak "$KC_URL" "$state"
}
