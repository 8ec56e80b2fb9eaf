#!/usr/bin/env bash
# The policy question of 小马拉大车: the baseline district, the same district under heavy
# pushed-down load, and each remedy on top of the heavy load, side by side.
#
#   scripts/lever_table.sh [REPLICATIONS] [DAYS]      (defaults: 5 replications × 365 days)
#
# Runs every scenario with the same seed (common random numbers) into out/levers/<name>/ and
# prints a Markdown table of response p90, the three rates, pushed-down share, overtime and staff
# cost, each with its 95% interval half-width.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
days=${2:-365}
scenarios=(district heavy_load heavy_load_responsibility_list heavy_load_resources_follow_tasks
           heavy_load_fewer_forms heavy_load_pooling heavy_load_neighbour_help heavy_load_volunteers
           heavy_load_escalation heavy_load_plus_one_worker)
for s in "${scenarios[@]}"; do
  echo "running $s" >&2
  build/govgrid run "scenarios/$s.yaml" --out "out/levers/$s" -r "$reps" --days "$days" -q > /dev/null
done
/usr/bin/python3 - "${scenarios[@]}" <<'PY'
import json, sys
cols = [("response_time_p90_h", "response p90 (h)", 1, "{:.1f}"),
        ("response_rate", "响应率", 100, "{:.1f}%"),
        ("resolution_rate", "解决率", 100, "{:.1f}%"),
        ("satisfaction_rate", "满意率", 100, "{:.1f}%"),
        ("pushed_down_time_share", "pushed-down share", 100, "{:.1f}%"),
        ("worker_overtime_h_per_week", "overtime (h/wk)", 1, "{:.2f}"),
        ("staff_cost_per_year", "staff cost (M yuan/yr)", 1e-6, "{:.1f}")]
print("| scenario | " + " | ".join(c[1] for c in cols) + " |")
print("|---|" + "---|" * len(cols))
for name in sys.argv[1:]:
    m = json.load(open(f"out/levers/{name}/summary.json"))["metrics"]
    cells = []
    for key, _, scale, fmt in cols:
        v = m[key]
        half = v.get("half_width")
        cell = fmt.format(v["mean"] * scale)
        if half is not None and half == half:
            cell += " ± " + fmt.format(half * scale).rstrip("%")
        cells.append(cell)
    print(f"| {name} | " + " | ".join(cells) + " |")
PY
