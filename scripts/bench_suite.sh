#!/usr/bin/env bash
# The CI benchmark suite, shared by scripts/bench_check.sh and scripts/bench_baseline.sh: builds
# build/bench/engine_bench (incrementally) and runs the reference loop, the district-year and the
# throughput case, each on 1 and 2 threads, with the repetitions interleaved at random so that a
# burst of load on the machine spreads over all cases. Writes Google Benchmark's JSON to $1, with
# the share of the CPUs other programs used meanwhile (scripts/bench_figures.py run).
#   BENCH_REPETITIONS   repetitions of each case (default 5; the figures are their medians)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: bench_suite.sh RESULTS.json}
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" >/dev/null
build_log=$(cmake --build build --target engine_bench 2>&1) || { echo "$build_log" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
log="${out%.json}.txt"
echo "bench: running the suite (about 70 s on 2 cores); Google Benchmark's table goes to $log" >&2
/usr/bin/python3 scripts/bench_figures.py run "$out" build/bench/engine_bench \
  --benchmark_filter='^BM_(Reference|DistrictYear|EngineThroughput)/' \
  --benchmark_repetitions="${BENCH_REPETITIONS:-5}" \
  --benchmark_enable_random_interleaving=true \
  --benchmark_out="$out" --benchmark_out_format=json >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
