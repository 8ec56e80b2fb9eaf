#!/usr/bin/env bash
# Builds govgrid and its tests with ThreadSanitizer in build-tsan/ and runs the tests that run the
# engine in parallel: label engine (the determinism tests at 1, 2 and 4 threads, the theory and
# lever checks) and label sweep (runs in parallel in one process, resume, the CLI, the notebook).
# The engine's parallel loops run on std::thread there (GOVGRID_STD_THREADS=ON, engine/sim/parallel.h):
# Debian's oneTBB is not built with -fsanitize=thread, and TSan takes its scheduler's hand-offs
# for races. Any report fails the test that caused it. Takes about 50 minutes on 2 (shared) cores:
#
#   scripts/tsan.sh [CTEST ARGS...]     e.g. scripts/tsan.sh -R Determinism
#
# Not run: the MPI test (built without MPI here: Open MPI is not built for TSan either, and its
# processes talk through shared memory TSan cannot see), fuzz.smoke (clang, ASan, a build of its
# own) and the rest of the suite (single-threaded).
set -euo pipefail
cd "$(dirname "$0")/.."
flags="-fsanitize=thread -fno-omit-frame-pointer"
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOVGRID_BUILD_BENCH=OFF \
  -DGOVGRID_STD_THREADS=ON -DGOVGRID_WITH_MPI=OFF -DGOVGRID_TEST_TIMEOUT_SCALE=10 -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
cmake --build build-tsan -j"$(nproc)" --target govgrid engine_test engine_rules_test sweep_test
# halt_on_error: the first report ends the test (and fails it); exitcode 66 tells it from a test failure.
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
ctest --test-dir build-tsan --output-on-failure -j"$(nproc)" --timeout 3600 -L 'engine|sweep' -LE 'mpi|fuzz' "$@"
