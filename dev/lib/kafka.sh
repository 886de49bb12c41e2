# shellcheck shell=bash
# Apache Kafka, single-node KRaft (broker + controller in one JVM) on 127.0.0.1:9092,
# controller on 127.0.0.1:9093. Jars come from Maven Central through dev/kafka/pom.xml.
# Sourced by dev/platform; needs common.sh.

KAFKA_PORT=9092
KAFKA_HOME="$CACHE_DIR/kafka"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_DATA="$KAFKA_HOME/data"
KAFKA_CONFIG="$KAFKA_HOME/server.properties"
KAFKA_PID_FILE="$RUN_DIR/kafka.pid"
KAFKA_LOG="$LOG_DIR/kafka.log"
# Written after the topics below exist in this data directory; `up` skips the topic check
# (a JVM start) when Kafka was already running and this still matches.
KAFKA_TOPICS_STAMP="$KAFKA_HOME/topics.done"
KAFKA_TOPIC_PARTITIONS=3
KAFKA_TOPICS=()
for kafka_topic in tenants panels rows views datasources exports notifications; do
  KAFKA_TOPICS+=("panels.$kafka_topic" "panels.$kafka_topic.dlq")
done
unset kafka_topic

kafka_answers() { port_open "$BIND_HOST" "$KAFKA_PORT"; }

kafka_java() {
  "$JAVA_HOME/bin/java" -Dlog4j2.configurationFile="$DEV_DIR/kafka/log4j2.xml" \
    -cp "$KAFKA_LIBS/*" "$@"
}

# Resolves the jars again only when dev/kafka/pom.xml changed (a version bump).
kafka_fetch() {
  local sum
  sum=$(sha256sum "$DEV_DIR/kafka/pom.xml" | cut -d' ' -f1)
  stamp_matches "$sum" "$KAFKA_HOME/libs.sha256" && [ -d "$KAFKA_LIBS" ] && return 0
  log "resolving Kafka jars from Maven Central (dev/kafka/pom.xml)"
  rm -rf "$KAFKA_LIBS.tmp"
  "$PANELS_ROOT/mvnw" -q -B -f "$DEV_DIR/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_LIBS.tmp" >"$LOG_DIR/kafka-fetch.log" 2>&1 \
    || die "resolving Kafka jars failed; see $LOG_DIR/kafka-fetch.log"
  rm -rf "$KAFKA_LIBS"
  mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
  printf '%s\n' "$sum" >"$KAFKA_HOME/libs.sha256"
}

# KRaft storage is formatted once, with a random cluster id kept in the data directory.
kafka_prepare_storage() {
  { cat "$DEV_DIR/kafka/server.properties"; printf '\nlog.dirs=%s\n' "$KAFKA_DATA"; } >"$KAFKA_CONFIG"
  [ -f "$KAFKA_DATA/meta.properties" ] && return 0
  local cluster_id
  cluster_id=$(kafka_java -Dpanels.kafka.log.level=WARN kafka.tools.StorageTool random-uuid 2>>"$KAFKA_LOG" | tail -n 1) \
    || die "kafka-storage random-uuid failed; see $KAFKA_LOG"
  log "formatting Kafka storage (cluster id $cluster_id)"
  kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_CONFIG" >>"$KAFKA_LOG" 2>&1 \
    || die "formatting Kafka storage failed; see $KAFKA_LOG"
}

kafka_start() {
  log "starting Kafka on $BIND_HOST:$KAFKA_PORT"
  spawn_daemon "$KAFKA_PID_FILE" "$KAFKA_LOG" "$JAVA_HOME/bin/java" \
    -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$DEV_DIR/kafka/log4j2.xml" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONFIG"
  wait_started "Kafka" 90 "$KAFKA_LOG" "$KAFKA_PID_FILE" kafka_answers
}

kafka_ensure_topics() {
  local wanted
  # No meta.properties when the broker is someone else's: the topic list alone is the stamp.
  wanted="$(grep cluster.id "$KAFKA_DATA/meta.properties" 2>/dev/null || true) ${KAFKA_TOPICS[*]}"
  [ "${1-}" = if-changed ] && stamp_matches "$wanted" "$KAFKA_TOPICS_STAMP" && return 0
  log "ensuring ${#KAFKA_TOPICS[@]} topics exist"
  kafka_java -Dpanels.kafka.log.level=WARN "$DEV_DIR/kafka/EnsureTopics.java" \
    "$BIND_HOST:$KAFKA_PORT" "$KAFKA_TOPIC_PARTITIONS" "${KAFKA_TOPICS[@]}" \
    >>"$LOG_DIR/kafka-topics.log" 2>&1 \
    || die "creating Kafka topics failed; see $LOG_DIR/kafka-topics.log and $KAFKA_LOG"
  printf '%s\n' "$wanted" >"$KAFKA_TOPICS_STAMP"
}

kafka_up() {
  use_java
  mkdir -p "$KAFKA_HOME"
  if kafka_answers; then
    log "Kafka already answers on $BIND_HOST:$KAFKA_PORT"
    # Jars a running broker uses are not swapped under it; a pom change waits for a restart.
    [ -d "$KAFKA_LIBS" ] || kafka_fetch
    kafka_ensure_topics if-changed
    return 0
  fi
  kafka_fetch
  kafka_prepare_storage
  kafka_start
  kafka_ensure_topics
}

kafka_down() {
  # A clean shutdown (SIGTERM) spares the next start a log recovery.
  stop_pidfile "$KAFKA_PID_FILE" kafka.Kafka 60 Kafka
}

kafka_wipe() {
  log "wiping Kafka data (keeping the jars)"
  rm -rf "$KAFKA_DATA" "$KAFKA_CONFIG" "$KAFKA_TOPICS_STAMP"
}

kafka_status() {
  local state=down
  kafka_answers && state=up
  status_line kafka "$BIND_HOST:$KAFKA_PORT" "$state"
}
