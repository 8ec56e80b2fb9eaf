#!/usr/bin/env bash
# Makes the seed corpus of fuzz_results_db (tests/fuzz/corpus/fuzz_results_db/) with govgrid and
# the sqlite3 program: the 2-run sweep of tests/fuzz/data/results_db_sweep.yaml as stored,
# rewritten in 512-byte pages (under the fuzzer's 64 KB inputs); the same as written before
# format 3 (storage format 2: no provenance, daily series or grids) and before checksums
# (format 1); and two truncated copies.
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
# Older formats kept no daily series or grids: their seeds come from the same sweep without them.
# Written beside the original and named relative to the checkout, like it: a seed must hold no
# path of the machine that made it.
plain=tests/fuzz/data/results_db_sweep_plain.yaml
trap 'rm -rf "$work" "$plain"' EXIT
sed -e '/^store:/d' tests/fuzz/data/results_db_sweep.yaml >"$plain"
"$govgrid" sweep "$plain" --out "$work/plain" --threads 1 -q
cp "$work/plain/results.sqlite" "$work/format_2.sqlite"
sqlite3 "$work/format_2.sqlite" >/dev/null "PRAGMA journal_mode = DELETE; PRAGMA page_size = 512; VACUUM;
  ALTER TABLE sweep DROP COLUMN fixed_overrides; ALTER TABLE sweep DROP COLUMN command_line_sets;
  ALTER TABLE sweep DROP COLUMN store_daily; ALTER TABLE sweep DROP COLUMN store_grids;
  ALTER TABLE sweep DROP COLUMN govgrid_version; ALTER TABLE sweep DROP COLUMN govgrid_commit;
  ALTER TABLE sweep DROP COLUMN base_scenario; ALTER TABLE points DROP COLUMN scenario_hash;
  ALTER TABLE runs DROP COLUMN govgrid_version; ALTER TABLE runs DROP COLUMN govgrid_commit;
  ALTER TABLE metric_defs DROP COLUMN better;
  DROP TABLE sessions; DROP TABLE daily; DROP TABLE grids; DROP TABLE grid_metrics;
  UPDATE sweep SET format = 2; VACUUM;"
cp "$work/format_2.sqlite" "$out/format_2.sqlite"
cp "$work/format_2.sqlite" "$work/format_1.sqlite"
sqlite3 "$work/format_1.sqlite" "ALTER TABLE runs DROP COLUMN checksum; UPDATE sweep SET format = 1; VACUUM;"
cp "$work/format_1.sqlite" "$out/format_1.sqlite"
head -c 512 "$db" >"$out/first_page.sqlite"
head -c $(($(stat -c %s "$db") / 2)) "$db" >"$out/first_half.sqlite"
ls -l "$out"
# No seed may name a path of this machine.
if grep -l -a -e "$PWD" -e "$work" "$out"/*.sqlite; then
  echo "make_results_db_seeds: the seeds above name a path of this machine" >&2
  exit 1
fi
