#!/usr/bin/env bash
# Fuzzes every reader of outside input with libFuzzer under ASan + UBSan, side by side: scenario YAML
# (fuzz_scenario), sweep YAML and its plan (fuzz_sweep), the CSV reader behind `govgrid report`
# (fuzz_csv), whole run directories as the report loads them (fuzz_run_dir), case logs as
# `govgrid calibrate` reads them (fuzz_case_log) and sweep results (results.sqlite) as `govgrid export`
# and a resumed `govgrid sweep` open them (fuzz_results_db). Builds them with clang in build-fuzz/ (scripts/setup.sh installs it), then runs
# each for SECONDS over a working copy of its seed corpus (tests/fuzz/corpus/<target>/, which
# stays as committed) and prints per target: inputs run, coverage, corpus size, and crashes.
# A crash leaves its input in build-fuzz/findings/<target>/: make it a regression test.
#
#   scripts/fuzz.sh [SECONDS]        (default 60 per target; the project's hour: scripts/fuzz.sh 3600)
# Exit 0 when no target found anything, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
# clang and libFuzzer's runtime come with the project's set-up (which installs only what is missing).
dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q 'install ok installed' &&
  command -v clang++ >/dev/null 2>&1 || bash scripts/setup.sh
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOVGRID_FUZZ=ON \
  -DGOVGRID_BUILD_TESTS=OFF -DGOVGRID_BUILD_BENCH=OFF >/dev/null
targets=(fuzz_scenario fuzz_sweep fuzz_csv fuzz_run_dir fuzz_case_log fuzz_results_db)
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"

# The targets run side by side (each is one process); then each one's result.
for t in "${targets[@]}"; do
  work=build-fuzz/corpus/$t findings=build-fuzz/findings/$t
  mkdir -p "$work" "$findings"
  # New inputs go to the working corpus (first directory); the seed corpus is only read.
  # Run from the repository root: the seeds name scenarios/district.yaml as their base.
  build-fuzz/tests/fuzz/$t -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$findings/" "$work" "tests/fuzz/corpus/$t" >"build-fuzz/$t.log" 2>&1 &
done
wait || true

status=0
for t in "${targets[@]}"; do
  work=build-fuzz/corpus/$t findings=build-fuzz/findings/$t log=build-fuzz/$t.log
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo ?)
  # Findings: crashes, leaks, timeouts (over -timeout), running out of memory. libFuzzer also keeps
  # its slowest input when one took over 10 s; on a loaded machine that is the load, so it is
  # listed apart (rerun it alone: build-fuzz/tests/fuzz/TARGET FILE prints its time).
  crashes=$(find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  slow=$(find "$findings" -type f -name 'slow-unit-*' | wc -l)
  printf 'fuzz: %-14s %8s inputs in %ss, coverage %s edges, corpus %s files, findings %s, slow inputs kept %s\n' \
    "$t" "$runs" "$seconds" "$cov" "$(find "$work" -type f | wc -l)" "$crashes" "$slow"
  if [ "$crashes" -gt 0 ] || grep -q 'ERROR: \(AddressSanitizer\|UndefinedBehaviorSanitizer\|libFuzzer\)\|runtime error:' "$log"; then
    status=1
    echo "fuzz: $t found something: see $log and $findings/" >&2
  fi
done
exit $status
