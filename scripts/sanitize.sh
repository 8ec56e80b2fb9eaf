#!/usr/bin/env bash
# Builds govgrid and its tests with AddressSanitizer + UndefinedBehaviorSanitizer (float-cast
# overflow included; any report is fatal) in build-sanitize/, then runs the whole suite there.
# Needs what scripts/setup.sh installs (run it first on a fresh machine). Takes about 10× the
# normal suite's time on 2 cores, so it is a separate CI step, not part of .ci/run:
#
#   scripts/sanitize.sh [CTEST ARGS...]     e.g. scripts/sanitize.sh -R engine
#
# Open MPI's own leaks are suppressed (scripts/sanitize/lsan.supp). Threads: scripts/tsan.sh
# (ThreadSanitizer, with the engine's loops on std::thread instead of Debian's oneTBB, which is
# not built for it); see docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
flags="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOVGRID_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined,float-cast-overflow" >/dev/null
cmake --build build-sanitize -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/scripts/sanitize/lsan.supp:print_suppressions=0
# Open MPI unloads its components at exit, leaving their leaks without a module to match a
# suppression against: keep them loaded.
export OMPI_MCA_mca_base_component_disable_dlclose=1
# fuzz.smoke builds its own sanitized fuzzers: not again here. Open MPI's leaks are matched by
# its libraries' frames, which only a full unwind finds (slow): the MPI tests get one of their own.
run=(ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)" --timeout 1800 -LE fuzz)
if (($#)); then
  ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0 "${run[@]}" "$@"
else
  "${run[@]}" -E mpi
  ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0 "${run[@]}" -R mpi
fi
