#!/usr/bin/env bash
# Rewrites the schema tables of scenarios/README.md (between <!-- schema:begin --> and
# <!-- schema:end -->) with `govgrid schema --markdown`, which prints the key declarations of
# scenarios/detail/spec_reader.cpp. Run it after adding or changing a key; the ctest
# scenarios.schema_readme fails until the README matches. GOVGRID=path picks the program
# (default build/govgrid).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GOVGRID:-build/govgrid}
readme=scenarios/README.md
table=$(mktemp)
trap 'rm -f "$table" "$readme.new"' EXIT
"$bin" schema --markdown >"$table"
grep -q '^<!-- schema:begin -->$' "$readme" && grep -q '^<!-- schema:end -->$' "$readme" ||
  { echo "update_schema_table: $readme lacks the schema markers" >&2; exit 1; }
# The table file is read line by line (not passed with -v, which would eat its backslashes).
awk -v table="$table" '
  /^<!-- schema:begin -->$/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /^<!-- schema:end -->$/ { skip = 0 }
  !skip' "$readme" >"$readme.new"
if cmp -s "$readme" "$readme.new"; then
  echo "update_schema_table: $readme is up to date"
else
  mv "$readme.new" "$readme"
  echo "update_schema_table: rewrote the schema tables of $readme"
fi
