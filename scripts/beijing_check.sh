#!/usr/bin/env bash
# Runs scenarios/beijing_2019.yaml and beijing_2024.yaml (which differ only in policy levers)
# and prints their three rates beside the published figures (docs/parameters.md §1.4 [S]),
# marking each within 5 points ✓ or not ✗.
# Usage: scripts/beijing_check.sh [REPLICATIONS] [DAYS]   (default 3 × 365; needs build/govgrid)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}; days=${2:-365}
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for year in 2019 2024; do
  build/govgrid run "scenarios/beijing_$year.yaml" -r "$reps" --days "$days" --out "$out/$year" -q >/dev/null
done
/usr/bin/python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
published = {  # §1.4 [S]: January 2019 (resolution, satisfaction); 2024 (all three)
    "2019": {"resolution_rate": 0.53, "satisfaction_rate": 0.65},
    "2024": {"response_rate": 1.00, "resolution_rate": 0.97, "satisfaction_rate": 0.97},
}
names = {"response_rate": "响应率", "resolution_rate": "解决率", "satisfaction_rate": "满意率"}
bad = 0
print(f"{'scenario':<14}{'rate':<8}{'simulated':>12}{'published':>11}  within 5 pts")
for year in ("2019", "2024"):
    m = json.load(open(f"{out}/{year}/summary.json"))["metrics"]
    for key, label in names.items():
        sim = m[key]["mean"]; half = m[key]["half_width"]
        pub = published[year].get(key)
        mark = "" if pub is None else ("✓" if abs(sim - pub) <= 0.05 else "✗")
        bad += mark == "✗"
        pub_s = "—" if pub is None else f"{pub:.0%}"
        print(f"beijing_{year:<6}{label:<8}{sim:>9.1%} ±{half:.1%}{pub_s:>9}  {mark}")
print(f"{bad} of 5 published figures missed by more than 5 points")
sys.exit(1 if bad else 0)
PY
