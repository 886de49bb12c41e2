#!/usr/bin/env bash
# Issue 9's hops in detail: the first page of a filtered, sorted view of a big panel rendered three
# ways — through the gateway, straight to view-service, and data-service's query alone with the body
# view-service sends — which is the benchmark suite's view-page scenario (bench/suite, bench/README.md)
# run alone, by default with one user (sequential requests: each hop's cost without queueing).
#
#   bench/views/run.sh                                  # 1,000,000 rows, 1 user, 20 s per hop after a 5 s warm-up
#   BENCH_ROWS=100000 BENCH_USERS="1 8" bench/views/run.sh
#
# Needs the dev platform (dev/platform up); the suite builds what is missing. Report: bench/views/results/.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export BENCH_BIG_PANEL_ROWS="${BENCH_BIG_PANEL_ROWS:-${BENCH_ROWS:-1000000}}"
export BENCH_USERS="${BENCH_USERS:-1}"
exec "$root/bench/suite/run" view-page --out "${RESULTS:-$root/bench/views/results}" "$@"
