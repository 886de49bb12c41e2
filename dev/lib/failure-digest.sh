#!/usr/bin/env bash
# Prints, after a failed Maven run, why each failing test failed: the exception and its "Caused by"
# chain from the surefire/failsafe reports (stack frames left out), and the last ERROR records of
# that module's test log (target/quarkus.log). CI keeps only the tail of the output, and a bare
# "Failed to start quarkus" there names no cause.
# Usage: dev/lib/failure-digest.sh [repository root]
set -uo pipefail
cd "${1:-$(dirname "$0")/../..}"

failed_reports() {
  grep -l -E '<<< (FAILURE|ERROR)!' -- */target/surefire-reports/*.txt */*/target/surefire-reports/*.txt \
    */target/failsafe-reports/*.txt */*/target/failsafe-reports/*.txt 2>/dev/null
}

reports=$(failed_reports)
[ -n "$reports" ] || exit 0
echo
echo "================ why the failing tests failed ================"
modules=()
for report in $reports; do
  echo "---- $report"
  # The exception lines and their causes, not the frames; the first 60 such lines of the report.
  grep -v -E '^[[:space:]]+(at |\.\.\. [0-9]+ (more|common frames omitted))' "$report" | head -60
  modules+=("${report%%/target/*}")
done
for module in $(printf '%s\n' "${modules[@]}" | sort -u); do
  log="$module/target/quarkus.log"
  [ -f "$log" ] || continue
  echo "---- $log: its last ERROR records"
  grep '"level":"ERROR"' "$log" | tail -8 | while IFS= read -r record; do
    # One line per record: logger, message, and the exception's type and message (JSON log format).
    grep -o -E '"(loggerName|message|exceptionType)":"([^"\\]|\\.){0,400}' <<<"$record" | head -5 | paste -sd ' ' -
  done
done
echo "=============================================================="
