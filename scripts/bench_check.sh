#!/usr/bin/env bash
# Performance check for CI (issue 11): runs the benchmark suite (scripts/bench_suite.sh; about
# 70 s on 2 cores) and compares each case's speed, as a ratio to the reference loop measured in
# the same process, with bench/baseline.json; prints the figures. When a gated ratio is more than
# 20% below the baseline, runs the suite once more and judges the pooled repetitions of both
# runs: exit 1 only if it is still below. docs/performance.md explains the figures.
#   scripts/bench_check.sh [RESULTS.json]   (default build/bench/ci.json; a rerun goes beside it)
set -euo pipefail
cd "$(dirname "$0")/.."
results=${1:-build/bench/ci.json}
rerun="${results%.json}_rerun.json"
rm -f "$rerun"
bash scripts/bench_suite.sh "$results"
if /usr/bin/python3 scripts/bench_figures.py check bench/baseline.json "$results"; then exit 0; fi
[ -f bench/baseline.json ] || exit 1
echo "bench: below the threshold; running the suite again to tell a slow-down from a busy machine" >&2
bash scripts/bench_suite.sh "$rerun"
echo; echo "pooled over both runs:"
/usr/bin/python3 scripts/bench_figures.py check bench/baseline.json "$results" "$rerun"
