# Sourced (POSIX sh) by mvnw and the dev/ scripts: make JAVA_HOME point at a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough; otherwise picks the newest JDK >= 21
# under /usr/lib/jvm (or PANELS_JDK_DIRS). Fails loudly when there is none.

panels_java_major() {
  # Prints the feature version of the java binary given as $1 (17, 21, 25, ...).
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

panels_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(panels_java_major "$JAVA_HOME/bin/java")
    if [ "${v:-0}" -ge 21 ]; then
      printf '%s\n' "$JAVA_HOME"
      return 0
    fi
  fi
  best=""
  best_v=0
  jdk_root=${PANELS_JDK_DIRS:-/usr/lib/jvm}
  # ls rather than a glob: mvnw runs with globbing off (set -f).
  for name in $(ls "$jdk_root" 2>/dev/null); do
    dir="$jdk_root/$name"
    [ -x "$dir/bin/javac" ] || continue
    v=$(panels_java_major "$dir/bin/java")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then
      best="$dir"
      best_v="$v"
    fi
  done
  [ -n "$best" ] || return 1
  printf '%s\n' "$best"
}

if panels_jdk=$(panels_find_jdk); then
  JAVA_HOME="$panels_jdk"
  export JAVA_HOME
else
  echo "Panels needs a JDK >= 21: set JAVA_HOME or install one under /usr/lib/jvm." >&2
  exit 1
fi
unset panels_jdk
