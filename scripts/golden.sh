#!/usr/bin/env bash
# Golden-output regression test: runs every shipped scenario (scenarios/*.yaml, not sweeps/)
# at a short horizon and compares its outputs byte for byte with tests/golden/<scenario>/.
#
#   scripts/golden.sh record GOVGRID_BINARY   write tests/golden/<scenario>/ from this binary
#   scripts/golden.sh check  GOVGRID_BINARY   run into a temp dir, diff against tests/golden/;
#                                             exits 1 and names each differing file
#
# Environment:
#   GOLDEN_THREADS=N   worker threads for govgrid run (default 2); results must not depend on it
#   GOLDEN_KEEP=DIR    check: write the full outputs to DIR and keep them (to diff two binaries'
#                      outputs in full, grids.csv and cases.csv included)
#
# What is stored per scenario (see tests/golden/README.md):
#   summary.json   normalised: perf, threads, build and the metrics' labels dropped, keys sorted,
#                  one line per metric
#   metrics.csv, streets.csv, districts.csv, daily.csv   as written
#   grids.csv, cases.csv                  too big to store: their SHA-256 and line count in
#                                         hashes.txt; the first lines of cases.csv in
#                                         cases.head.csv
set -euo pipefail
shopt -s nullglob

usage() {
  echo "usage: $0 record|check GOVGRID_BINARY" >&2
  exit 2
}
[ $# -eq 2 ] || usage
mode=$1
case "$mode" in record | check) ;; *) usage ;; esac
bin=$(realpath "$2")
[ -x "$bin" ] || { echo "golden: $2 is not an executable" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
golden=$root/tests/golden
threads=${GOLDEN_THREADS:-2}
python=/usr/bin/python3
[ -x "$python" ] || python=python3

# The short horizon every scenario runs at. Only the run length, replications and the size of
# the world are changed; every lever stays as the scenario file sets it.
common=(--set run.days=40 --set run.warmup_days=10 --set run.replications=2)
generated_streets=2     # for scenarios whose world is generated (world.generate)
# For a city (world.districts): three districts of one street, its own district names kept
# out (the city's departments, referrals and district tables are what the check is after).
small_city='world={districts: [{name: a, generate: {streets: 1}}, {name: b, generate: {streets: 1}, department_crews_factor: 0.5}, {name: c, generate: {streets: 1}, department_crews_factor: 2}]}'
head_lines_cases=20     # lines of cases.csv stored as cases.head.csv (header included)
full_files=(summary.json metrics.csv streets.csv districts.csv daily.csv)
hashed_files=(grids.csv cases.csv)

# The file a scenario finally rests on, following `extends:` (relative to each file).
base_of() {
  local f=$1 ext
  while ext=$(sed -n "s/^extends:[[:space:]]*[\"']\{0,1\}\([^\"'[:space:]#]*\).*/\1/p" "$f") && [ -n "$ext" ]; do
    f=$(dirname "$f")/$ext
  done
  echo "$f"
}

# The govgrid run arguments of one scenario (relative path, run from the repository root so
# that summary.json's source_file does not depend on where the checkout is).
args_of() {
  local rel=$1
  local a=(run "$rel" "${common[@]}")
  if grep -q '^    districts:\|^  districts:' "$root/$rel" "$(base_of "$root/$rel")"; then
    a+=(--set "$small_city")
  elif grep -q '^  generate:' "$(base_of "$root/$rel")"; then
    a+=(--set "world.generate.streets=$generated_streets")
  fi
  a+=(--threads "$threads" --case-log -q)
  printf '%s\n' "${a[@]}"
}

# Runs one scenario into $2 and turns its outputs into the stored form.
run_one() {
  local rel=$1 dir=$2 args
  mapfile -t args < <(args_of "$rel")
  mkdir -p "$dir"
  if ! (cd "$root" && "$bin" "${args[@]}" --out "$dir/raw" >"$dir/stdout" 2>"$dir/stderr"); then
    echo "golden: govgrid ${args[*]} failed:" >&2
    cat "$dir/stderr" >&2
    return 1
  fi
  [ -f "$dir/raw/cases.csv" ] || : >"$dir/raw/cases.csv"  # none written when no case was logged
  "$python" - "$dir/raw/summary.json" "$dir/summary.json" <<'PY' || return 1
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    j = json.load(f)
# Host-, clock- and build-dependent: wall and CPU seconds (perf), the thread count, and which
# build produced it (a commit changes the build, not the results).
for key in ("perf", "threads", "build"):
    j.pop(key, None)
# Fixed labels from analysis/metric_catalogue.cpp, not results: left out to keep the files small.
for m in j.get("metrics", {}).values():
    for key in ("en", "zh", "unit"):
        m.pop(key, None)
def dump(v):
    return json.dumps(v, sort_keys=True, ensure_ascii=False, allow_nan=False)
# Valid JSON, one line per top-level key and per metric, so that a diff names what changed.
lines = []
for key in sorted(j):
    if key == "metrics" and isinstance(j[key], dict):
        inner = [f"  {dump(name)}: {dump(j[key][name])}" for name in sorted(j[key])]
        lines.append(f" {dump(key)}: {{\n" + ",\n".join(inner) + "\n }")
    else:
        lines.append(f" {dump(key)}: {dump(j[key])}")
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("{\n" + ",\n".join(lines) + "\n}\n")
PY
  local f
  for f in metrics.csv streets.csv districts.csv daily.csv; do cp "$dir/raw/$f" "$dir/$f" || return 1; done
  : >"$dir/hashes.txt"
  head -n "$head_lines_cases" "$dir/raw/cases.csv" >"$dir/cases.head.csv"
  for f in "${hashed_files[@]}"; do
    printf '%s  %s  %s\n' "$(sha256sum <"$dir/raw/$f" | cut -d' ' -f1)" "$(wc -l <"$dir/raw/$f")" "$f" \
      >>"$dir/hashes.txt"
  done
}

stored_files=("${full_files[@]}" cases.head.csv hashes.txt)

mapfile -t scenarios < <(cd "$root" && ls scenarios/*.yaml)
[ ${#scenarios[@]} -gt 0 ] || { echo "golden: no scenarios/*.yaml" >&2; exit 1; }

if [ "$mode" = record ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  for rel in "${scenarios[@]}"; do
    name=$(basename "$rel" .yaml)
    run_one "$rel" "$work/$name"
    rm -rf "${golden:?}/$name"
    mkdir -p "$golden/$name"
    for f in "${stored_files[@]}"; do cp "$work/$name/$f" "$golden/$name/$f"; done
    echo "golden: recorded $name"
  done
  # Scenarios that no longer exist leave no stale golden files behind.
  for d in "$golden"/*/; do
    name=$(basename "$d")
    [ -f "$root/scenarios/$name.yaml" ] || { rm -rf "${golden:?}/$name"; echo "golden: removed $name"; }
  done
  echo "golden: recorded ${#scenarios[@]} scenarios with $bin into $golden"
  exit 0
fi

# check
if [ -n "${GOLDEN_KEEP:-}" ]; then
  work=$GOLDEN_KEEP
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi

failed=0
fail() {
  echo "golden: DIFFERS: $1" >&2
  failed=1
}
for rel in "${scenarios[@]}"; do
  name=$(basename "$rel" .yaml)
  if [ ! -d "$golden/$name" ]; then
    fail "$name: no golden files in tests/golden/$name (new scenario? record them)"
    continue
  fi
  if ! run_one "$rel" "$work/$name"; then
    fail "$name: govgrid run failed"
    continue
  fi
  for f in "${full_files[@]}"; do
    if ! cmp -s "$golden/$name/$f" "$work/$name/$f"; then
      fail "$name/$f"
      diff "$golden/$name/$f" "$work/$name/$f" | head -n 20 >&2 || true
    fi
  done
  for f in "${hashed_files[@]}"; do
    want=$(awk -v f="$f" '$3 == f { print $1 "  " $2 }' "$golden/$name/hashes.txt")
    got=$(awk -v f="$f" '$3 == f { print $1 "  " $2 }' "$work/$name/hashes.txt")
    if [ "$want" != "$got" ]; then
      fail "$name/$f (sha256 and lines: recorded $want, now $got)"
      if [ "$f" = cases.csv ] && ! cmp -s "$golden/$name/cases.head.csv" "$work/$name/cases.head.csv"; then
        diff "$golden/$name/cases.head.csv" "$work/$name/cases.head.csv" | head -n 20 >&2 || true
      else
        echo "  (to see the lines that differ, run check with GOLDEN_KEEP=DIR for both binaries" \
          "and diff DIR/$name/raw/$f)" >&2
      fi
    fi
  done
done
for d in "$golden"/*/; do
  name=$(basename "$d")
  [ -f "$root/scenarios/$name.yaml" ] || fail "$name: golden files for a scenario that no longer exists"
done

if [ "$failed" -ne 0 ]; then
  echo "golden: outputs differ from tests/golden (binary $bin, $threads threads)." >&2
  echo "golden: if the change is intended, re-record in the same commit: scripts/golden.sh record $bin" >&2
  exit 1
fi
echo "golden: ${#scenarios[@]} scenarios identical to tests/golden (binary $bin, $threads threads)"
