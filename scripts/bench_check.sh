#!/usr/bin/env bash
# Performance check for CI (issue 11): runs the benchmark suite (scripts/bench_suite.sh; about a
# minute on 2 cores) and compares each case's speed, as a ratio to the reference loop measured in
# the same process, with bench/baseline.json. Prints the figures; exits 1 when a gated ratio is
# more than 20% below the baseline. docs/performance.md explains the figures.
#   scripts/bench_check.sh [RESULTS.json]   (default build/bench/ci.json)
set -euo pipefail
cd "$(dirname "$0")/.."
results=${1:-build/bench/ci.json}
bash scripts/bench_suite.sh "$results"
/usr/bin/python3 scripts/bench_figures.py check "$results" bench/baseline.json
