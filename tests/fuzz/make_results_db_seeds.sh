#!/usr/bin/env bash
# Makes the seed corpus of fuzz_results_db (tests/fuzz/corpus/fuzz_results_db/) with govgrid and
# the sqlite3 program: the 2-run sweep of tests/fuzz/data/results_db_sweep.yaml as stored,
# rewritten in 512-byte pages (36 KB rather than 86 KB, under the fuzzer's 64 KB inputs); the same
# as written before checksums (storage format 1); and two truncated copies.
#
#   tests/fuzz/make_results_db_seeds.sh [GOVGRID]     (default build/govgrid)
set -euo pipefail
cd "$(dirname "$0")/../.."
govgrid=${1:-build/govgrid}
out=tests/fuzz/corpus/fuzz_results_db
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$govgrid" sweep tests/fuzz/data/results_db_sweep.yaml --out "$work/sweep" --threads 1 -q
db=$work/sweep/results.sqlite
sqlite3 "$db" "PRAGMA journal_mode = DELETE; PRAGMA page_size = 512; VACUUM;" >/dev/null
mkdir -p "$out"
cp "$db" "$out/two_runs.sqlite"
cp "$db" "$work/format_1.sqlite"
sqlite3 "$work/format_1.sqlite" "ALTER TABLE runs DROP COLUMN checksum; UPDATE sweep SET format = 1; VACUUM;"
cp "$work/format_1.sqlite" "$out/format_1.sqlite"
head -c 512 "$db" >"$out/first_page.sqlite"
head -c $(($(stat -c %s "$db") / 2)) "$db" >"$out/first_half.sqlite"
ls -l "$out"
