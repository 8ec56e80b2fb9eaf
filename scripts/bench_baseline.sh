#!/usr/bin/env bash
# Records a new performance baseline: runs the benchmark suite (scripts/bench_suite.sh), writes
# bench/baseline.json (the ratios and figures, the commit measured, the date, the machine and its
# load) and appends a row to bench/history.csv. Run it, and commit both files, whenever
# performance changes on purpose; on a quiet machine if you can (the wall figures need one).
#   scripts/bench_baseline.sh [EARLIER_RESULTS.json...]
# On a shared machine the ratios move with the kind of load, so a baseline from several runs
# spread over time is more central than one from a single run: the optional arguments are
# earlier results of the same build (e.g. build/bench/ci.json from bench_check.sh), pooled with
# this run's (build/bench/baseline_run.json); runs too busy to judge are left out.
#   BENCH_REPETITIONS   repetitions of each case (default 10 here, twice the check's: about 2.5 min)
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_REPETITIONS=${BENCH_REPETITIONS:-10}
results=build/bench/baseline_run.json
commit=$(git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
case "$commit" in *-dirty) echo "bench_baseline: the working tree has uncommitted changes; the baseline records $commit" >&2 ;; esac
bash scripts/bench_suite.sh "$results"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
machine="$(nproc) cores, ${cpu:-unknown CPU}, $(uname -sr)"
/usr/bin/python3 scripts/bench_figures.py baseline bench/baseline.json bench/history.csv \
  "$commit" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$machine" "$results" "$@"
