#!/usr/bin/env bash
# The city-year figures of issue 11 (docs/performance.md): one replication of 365 days of the
# default district and of scenarios/city.yaml, each on 1 and 2 threads, and prints
#   wall time, peak memory (max RSS), events, 2-thread speed-up, city ÷ district wall,
#   the city's backlog at the end as a share of the cases created, and the busiest station
#   of each kind in the city (case and pushed-down hours ÷ hours on duty over the year).
# About 6 minutes on 2 idle cores; measure on a quiet machine (the load average is printed).
#   scripts/city_scale.sh [GOVGRID_BINARY]     default build/govgrid
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/govgrid}")
[ -x "$bin" ] || { echo "city_scale: $bin is not an executable (build first)" >&2; exit 2; }
python=/usr/bin/python3
[ -x "$python" ] || python=python3
work=$(mktemp -d "${TMPDIR:-/tmp}/city_scale.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "city_scale: $(git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for scenario in district city; do
  for threads in 1 2; do
    out=$work/$scenario-$threads
    /usr/bin/time -f '%M' -o "$out.rss" "$bin" run "scenarios/$scenario.yaml" --set run.days=365 \
      --set run.replications=1 --threads "$threads" -q --out "$out" >"$out.log"
  done
done
echo "city_scale: load average after $(cut -d' ' -f1-3 /proc/loadavg)"

"$python" - "$work" <<'EOF'
import csv, json, sys
work = sys.argv[1]
runs = {}
for scenario in ("district", "city"):
    for threads in (1, 2):
        d = f"{work}/{scenario}-{threads}"
        s = json.load(open(f"{d}/summary.json"))
        runs[scenario, threads] = dict(wall=s["perf"]["wall_seconds"], events=s["perf"]["events"],
                                       rss_gib=int(open(f"{d}.rss").read().split()[-1]) / 2**20,
                                       conservation=s["conservation"], dir=d)
print(f"{'run':<22}{'wall s':>9}{'peak GiB':>10}{'events':>14}{'events/s':>12}")
for (scenario, threads), r in runs.items():
    print(f"{scenario + '-year, ' + str(threads) + ' thread' + ('s' if threads > 1 else ''):<22}"
          f"{r['wall']:>9.2f}{r['rss_gib']:>10.2f}{r['events']:>14,}{r['events'] / r['wall']:>12,.0f}")
for scenario in ("district", "city"):
    print(f"{scenario}-year speed-up, 2 threads ÷ 1: {runs[scenario, 1]['wall'] / runs[scenario, 2]['wall']:.2f}× (target ≥ 1.85)")
print(f"city-year ÷ district-year wall, 2 threads: {runs['city', 2]['wall'] / runs['district', 2]['wall']:.1f}× "
      f"(target ≤ 20; residents ×{json.load(open(runs['city', 2]['dir'] + '/summary.json'))['world']['residents'] / json.load(open(runs['district', 2]['dir'] + '/summary.json'))['world']['residents']:.1f})")
c = runs["city", 2]["conservation"]
print(f"city backlog at the end: {c['open']:,} of {c['created']:,} created = {100 * c['open'] / c['created']:.2f}% (target < 2%)")
busiest = {}
with open(runs["city", 2]["dir"] + "/stations.csv") as f:
    for row in csv.DictReader(f):
        rostered, overtime = float(row["scheduled_h"]), float(row["overtime_h"])
        if rostered <= 0:
            continue
        # Casework and pushed-down work (grid workers' visits and patrols fill the time left, so
        # not counted) over the hours staff were there: rostered and overtime. A job is worked in
        # one sitting, so long department jobs run past the shift's end: the work over rostered
        # hours alone is shown too.
        work = float(row["case_h"]) + float(row["pushed_down_h"])
        u = work / (rostered + overtime)
        if u > busiest.get(row["kind"], ("", -1))[1]:
            busiest[row["kind"]] = (row["name"], u, work / rostered)
for kind, (name, u, per_rostered) in busiest.items():
    print(f"city busiest {kind:<13} {name:<28} busy {u:.3f} of its hours (target < 0.9), work ÷ rostered hours {per_rostered:.3f}")
EOF
