#!/usr/bin/env bash
# Issue 6: list the panels of a tenant holding 1,000 panels (GET /api/v1/panels?limit=50, 3 columns a
# panel) through the gateway and straight to panel-service, at 1, 16 and 64 concurrent users: req/s,
# p50/p95/p99 and errors. This is the benchmark suite's panel-list scenario (bench/suite,
# bench/README.md) run alone with these sizes: it starts the services, makes a throw-away tenant in
# Keycloak, seeds the panels, measures each hop with Gatling, and stops what it started.
#
#   bench/panels/run.sh                          # 1, 16, 64 users, 15 s each, 10 s warm-up
#   CONNECTIONS="16" DURATION=30s bench/panels/run.sh
#   DURATION=3s WARMUP=2s PANELS=100 bench/panels/run.sh   # a quick check that it all works
#
# Needs the dev platform (dev/platform up); the suite builds what is missing. Report: bench/panels/results/.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds() { echo "${1%s}"; }
export BENCH_USERS="${CONNECTIONS:-1 16 64}"
export BENCH_DURATION_SECONDS="$(seconds "${DURATION:-15s}")"
export BENCH_WARMUP_SECONDS="$(seconds "${WARMUP:-10s}")"
export BENCH_LIST_PANELS="${PANELS:-1000}"
exec "$root/bench/suite/run" panel-list --out "${RESULTS:-$root/bench/panels/results}" "$@"
