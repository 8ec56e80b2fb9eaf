#!/usr/bin/env bash
# Does each lever move the metrics the way the domain says it should? For every lever the
# lever and its reference run with the same seed and replications (common random numbers), and
# a Markdown table shows, per metric, the paired mean difference (lever − reference) with its
# 95% Student-t interval over the replications, the direction the domain expects (↑ ↓, 0 = no
# expectation) and a mark:
#   ✓  the interval excludes 0 on the expected side
#   ✗  the interval excludes 0 on the other side: the model contradicts the domain
#   ·  the interval includes 0: not clear at this many replications
#   –  no expectation (0): shown, not judged
# then the references' absolute levels, a summary line and every contradiction.
#
#   scripts/lever_matrix.sh [REPLICATIONS] [DAYS]      (defaults: 5 replications × 365 days)
#   scripts/lever_matrix.sh 3 120                      a quick look (a few minutes on 2 cores)
#
# Runs go to out/lever_matrix/<run>/ (each distinct run once; references are shared).
# Environment: GOVGRID=path picks the program (default build/govgrid); JOBS=n runs n scenarios
# at once (default 1), each with THREADS=t threads (default: cores ÷ JOBS). On the shared 2-core
# development machine one run at a time on 2 threads was faster than two at a time on 1 thread
# each: 5 × 365 in 226 s against 283 s (3 × 120: 51–90 s against 56–134 s, under varying load);
# the tables are identical either way.
# The expectations are the tables RUNS, LEVERS and PARTY_LEVERS below (and SIDE_BY_SIDE, the remedies
# set beside each other at about equal hours): edit them there.
set -euo pipefail
cd "$(dirname "$0")/.."
export LM_REPS=${1:-5} LM_DAYS=${2:-365}
export LM_BIN=${GOVGRID:-build/govgrid} LM_JOBS=${JOBS:-1} LM_THREADS=${THREADS:-}
export LM_OUT=${LM_OUT:-out/lever_matrix}
exec /usr/bin/python3 - <<'PY'
import concurrent.futures as cf, math, os, shlex, subprocess, sys, threading, time
import numpy as np
import pandas as pd

# ---------------------------------------------------------------------------------------------
# The runs: name, scenario file, --set overrides. Every run gets the same seed (the scenario's
# own run.seed, inherited from district.yaml; checked below), replications and days.
RUNS = """
district            district.yaml
staff_x1.5          district.yaml                          grid_workers.per_grid=1.5
staff_x0.5          district.yaml                          grid_workers.per_grid=0.5
heavy_load          heavy_load.yaml
hl_list             heavy_load_responsibility_list.yaml
hl_resources        heavy_load_resources_follow_tasks.yaml
hl_fewer_forms      heavy_load_fewer_forms.yaml
hl_pooling          heavy_load_pooling.yaml
hl_neighbour        heavy_load_neighbour_help.yaml
hl_volunteers       heavy_load_volunteers.yaml
hl_escalation       heavy_load_escalation.yaml
hl_plus_one         heavy_load_plus_one_worker.yaml
no_whistle          no_whistle.yaml
platform            digital_platform.yaml
separate_grids      separate_grids.yaml
ranking_0           district.yaml                          outcomes.ranking_pressure=0
ranking_1           district.yaml                          outcomes.ranking_pressure=1
ranking_0_closures  district.yaml                          outcomes.ranking_pressure=0 outcomes.appraisal_basis=closure_rate
ranking_1_closures  district.yaml                          outcomes.ranking_pressure=1 outcomes.appraisal_basis=closure_rate
appraisal_closures  district.yaml                          outcomes.appraisal_basis=closure_rate
via_grid            district.yaml                          policies.ticket_dispatch=via_grid
beijing_2019        beijing_2019.yaml
beijing_2024        beijing_2024.yaml
duty_office_hours   duty_desk_office_hours.yaml
seven_day_rota      district.yaml                          policies.duty_rota=seven_day
branch_half         district.yaml                          party.branch_coverage=0.5
branch_all          branch_on_every_grid.yaml
links_20            household_links_20.yaml
hl_dr_20            heavy_load_double_report.yaml          party.double_report.hours_per_member_per_year=20
hl_dr_50            heavy_load_double_report.yaml
hl_dr_equal_hours   heavy_load_double_report.yaml          party.double_report.hours_per_member_per_year=82
big_committee       big_party_committee.yaml
"""

# The metrics (columns): key in metrics.csv, header, scale and unit of the differences.
METRICS = [
    ("response_rate",                     "响应率",          100, "pp"),
    ("resolution_rate",                   "解决率",          100, "pp"),
    ("satisfaction_rate",                 "满意率",          100, "pp"),
    ("response_time_p90_h",               "response p90",    1,   "h"),
    ("resolution_time_mean_h",            "resolution mean", 1,   "h"),
    ("resolved_in_grid_share",            "in-grid",         100, "pp"),
    ("explained_share",                   "explained",       100, "pp"),
    ("worker_overtime_h_per_week",        "overtime",        1,   "h/wk"),
    ("pushed_down_h_per_worker_per_week", "pushed-down",     1,   "h/wk"),
]

# The levers and the direction the domain expects per metric (↑ up, ↓ down, 0 no expectation),
# in the order of METRICS:  响应 解决 满意 p90 res.mean in-grid explained overtime pushed-down
LEVERS = """
# lever                  | reference  | lever run         | 响应 解决 满意 p90 res in-grid expl ot  pd
staffing ×1.5            | district   | staff_x1.5        | ↑    ↑    ↑    ↓   ↓   0       ↓    ↓   0
staffing ×0.5            | district   | staff_x0.5        | ↓    ↓    ↓    ↑   ↑   0       ↑    ↑   0
load ×2                  | district   | heavy_load        | ↓    ↓    ↓    ↑   ↑   0       ↑    ↑   ↑
responsibility list      | heavy_load | hl_list           | ↑    ↑    ↑    ↓   ↓   0       ↓    ↓   ↓
resources follow tasks   | heavy_load | hl_resources      | ↑    ↑    ↑    ↓   ↓   0       ↓    ↓   ↓
fewer forms              | heavy_load | hl_fewer_forms    | ↑    ↑    ↑    ↓   ↓   0       ↓    ↓   ↓
pooling                  | heavy_load | hl_pooling        | 0    ↑    ↑    ↓   ↓   0       0    0   0
neighbour help           | heavy_load | hl_neighbour      | 0    ↑    ↑    ↓   ↓   0       0    0   0
volunteers               | heavy_load | hl_volunteers     | 0    ↑    ↑    ↓   ↓   0       0    ↓   0
escalation               | heavy_load | hl_escalation     | 0    0    0    0   0   ↓       0    0   0
plus one worker          | heavy_load | hl_plus_one       | ↑    ↑    ↑    ↓   ↓   0       ↓    ↓   0
no whistle               | district   | no_whistle        | 0    ↓    ↓    0   ↑   0       ↑    0   0
platform                 | district   | platform          | ↑    ↑    ↑    ↓   ↓   0       0    0   ↓
多网合一 undone          | district   | separate_grids    | ↓    0    ↓    ↑   ↑   0       0    0   ↑
ranking pressure 0 → 1, ranked on the 回访 | ranking_0 | ranking_1 | 0 ↑ 0 0 0 0 ↓ 0 0
ranking pressure 0 → 1, ranked on closures | ranking_0_closures | ranking_1_closures | 0 ↓ ↓ 0 ↓ 0 ↑ 0 0
appraisal on closures    | district   | appraisal_closures | 0   ↓    ↓    0   0   0       ↑    0   0
no dispatch catalogue    | district   | via_grid          | 0    ↓    ↓    0   ↑   0       ↑    0   0
Beijing 2024 → 2019      | beijing_2024 | beijing_2019    | ↓    ↓    ↓    ↑   0   0       ↑    0   0
duty desk office hours   | district   | duty_office_hours | ↓    0    0    ↑   0   0       0    0   0
seven-day rota           | district   | seven_day_rota    | ↑    0    0    ↓   0   0       0    0   0
"""

# Party organisation (docs/model.md section 8.5), with the metrics its sources speak of: problems
# found early (治未病), problems never found, 12345 tickets, the rates, the members' hours and cost.
# 双报到's resolution time has no expectation: members' calls at peaks shorten it, the problems
# their patrols find are more work for the grid workers.
PARTY_METRICS = [
    ("found_early_share",                 "found early",     100, "pp"),
    ("hidden_problem_share",              "never found",     100, "pp"),
    ("tickets_per_1000_per_day",          "12345 tickets",   1,   "/1000/d"),
    ("resolution_rate",                   "解决率",          100, "pp"),
    ("satisfaction_rate",                 "满意率",          100, "pp"),
    ("resolution_time_mean_h",            "resolution mean", 1,   "h"),
    ("member_h_per_year",                 "member hours",    1,   "h/yr"),
    ("total_cost_per_year",               "total cost",      1e-6, "M¥/yr"),
]
#                         | reference  | lever run         | early never tickets 解决 满意 res member cost
PARTY_LEVERS = """
branch coverage 0 → 0.5    | district    | branch_half   | ↑  ↓  ↓  ↑  ↑  0  ↑  ↑
branch coverage 0.5 → 1    | branch_half | branch_all    | ↑  ↓  ↓  ↑  ↑  0  ↑  ↑
linking 10 → 20 households | branch_all  | links_20      | ↑  ↓  ↓  ↑  ↑  0  ↑  ↑
双报到 0 → 20 h a member   | heavy_load  | hl_dr_20      | ↑  ↓  0  ↑  ↑  0  ↑  ↑
双报到 20 → 50 h a member  | hl_dr_20    | hl_dr_50      | ↑  ↓  0  ↑  ↑  0  ↑  ↑
大党委 units (3 a community) | district  | big_committee | 0  0  0  ↑  ↑  ↓  0  0
"""

# Remedies side by side against one reference, at about equal hours: 双报到 with 100 members × 82 h
# a year per community (≈ 8,200 committed hours, one worker per grid's 2,080 rostered hours × 3.94
# grids) against a second worker per grid; and 双报到 at 50 h. Each: the change in the three-rate
# score and the rates, the hours it adds a year (members' hours used, or rostered hours hired) and
# what it adds to the cost.
SIDE_BY_SIDE = ("heavy_load", ["hl_plus_one", "hl_dr_equal_hours", "hl_dr_50"])
# ---------------------------------------------------------------------------------------------

T975 = [None, 12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
        2.364624252, 2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
        2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
        2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
        2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456]


def t975(df):
    """97.5% quantile of Student's t with df degrees of freedom: tabulated to df 30, beyond
    that the Cornish–Fisher expansion in 1/df (error < 1e-5 there)."""
    if df < len(T975):
        return T975[df]
    z = 1.959963985
    return (z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3))


def parse_runs(text):
    runs = {}
    for line in text.strip().splitlines():
        name, scenario, *sets = line.split()
        runs[name] = (scenario, sets)
    return runs


def parse_levers(text, metrics):
    levers = []
    for line in text.strip().splitlines():
        if line.startswith("#"):
            continue
        label, ref, run, dirs = (f.strip() for f in line.split("|"))
        dirs = dirs.split()
        assert len(dirs) == len(metrics) and set(dirs) <= {"↑", "↓", "0"}, line
        levers.append((label, ref, run, dirs))
    return levers


runs = parse_runs(RUNS)
TABLES = [("Levers", METRICS, parse_levers(LEVERS, METRICS)),
          ("Party organisation", PARTY_METRICS, parse_levers(PARTY_LEVERS, PARTY_METRICS))]
levers = [lever for _, _, table_levers in TABLES for lever in table_levers]
for _, ref, run, _ in levers:
    assert ref in runs and run in runs, (ref, run)
side_ref, side_runs = SIDE_BY_SIDE
assert side_ref in runs and all(r in runs for r in side_runs)
reps, days = int(os.environ["LM_REPS"]), os.environ["LM_DAYS"]
jobs = max(1, int(os.environ["LM_JOBS"]))
threads = int(os.environ["LM_THREADS"] or max(1, (os.cpu_count() or 1) // jobs))
out, binary = os.environ["LM_OUT"], os.environ["LM_BIN"]
if reps < 2:
    sys.exit("lever_matrix: need at least 2 replications for an interval")

# ---- run every distinct scenario -----------------------------------------------------------
needed = [n for n in runs if any(n in (ref, run) for _, ref, run, _ in levers) or n in side_runs or n == side_ref]
lock, done, started = threading.Lock(), [0], time.monotonic()


def run_one(name):
    scenario, sets = runs[name]
    cmd = [binary, "run", f"scenarios/{scenario}", "--out", f"{out}/{name}", "-q",
           "--replications", str(reps), "--days", days, "--threads", str(threads)]
    for s in sets:
        cmd += ["--set", s]
    t0 = time.monotonic()
    with lock:
        print(f"lever_matrix: start {name}: {shlex.join(cmd)}", file=sys.stderr, flush=True)
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{name} failed ({p.returncode}):\n{p.stderr}")
    with lock:
        done[0] += 1
        print(f"lever_matrix: [{done[0]}/{len(needed)}] {name} done in {time.monotonic() - t0:.0f} s "
              f"({time.monotonic() - started:.0f} s elapsed)", file=sys.stderr, flush=True)


print(f"lever_matrix: {len(needed)} runs × {reps} replications × {days} days, "
      f"{jobs} at a time on {threads} thread(s) each", file=sys.stderr, flush=True)
with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
    for f in [pool.submit(run_one, n) for n in needed]:
        f.result()
elapsed = time.monotonic() - started

# ---- paired differences ----------------------------------------------------------------------
data = {n: pd.read_csv(f"{out}/{n}/metrics.csv").set_index("replication").sort_index()
        for n in needed}


def interval(x):
    """mean, low, high of the 95% Student-t interval of x (nan when undefined)."""
    x = np.asarray(x, dtype=float)
    if len(x) < 2 or not np.all(np.isfinite(x)):
        return math.nan, math.nan, math.nan
    m = x.mean()
    h = t975(len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return m, m - h, m + h


def fmt(v, unit, sign=True):
    digits = 2 if unit in ("pp", "h/wk", "/1000/d", "M¥/yr") else 0 if unit == "h/yr" else 1
    return f"{v:+.{digits}f}" if sign else f"{v:.{digits}f}"


counts = {"✓": 0, "·": 0, "✗": 0, "–": 0, "n/a": 0}
unexpected_zero = 0
contradictions = []


def judged_table(title, metrics, table_levers):
    global unexpected_zero
    print(f"## {title}: paired difference lever − reference, mean [95% t-interval] over {reps} "
          f"replications × {days} days (common random numbers)\n")
    print("Units: rates and shares in percentage points (pp), times in hours, overtime and "
          "pushed-down hours per worker per week. Expected: ↑ ↓, 0 = none. "
          "✓ agrees, ✗ contradicts, · unclear (interval includes 0), – not judged.\n")
    print("| lever | reference | " + " | ".join(f"{h} ({u})" for _, h, _, u in metrics) + " |")
    print("|---|---|" + "---|" * len(metrics))
    for label, ref, run, dirs in table_levers:
        a, b = data[run], data[ref]
        if list(a.index) != list(b.index) or not (a["seed"] == b["seed"]).all():
            sys.exit(f"lever_matrix: {run} and {ref} do not share replications and seeds; not paired")
        cells = []
        for (key, _, scale, unit), d in zip(metrics, dirs):
            m, lo, hi = interval((a[key] - b[key]) * scale)
            if math.isnan(m):
                cells.append(f"n/a {d}")
                counts["n/a"] += 1
                continue
            up, down = lo > 0, hi < 0
            if d == "0":
                mark = "–"
                unexpected_zero += up or down
            elif (d == "↑" and up) or (d == "↓" and down):
                mark = "✓"
            elif (d == "↑" and down) or (d == "↓" and up):
                mark = "✗"
                contradictions.append(f"{label}: {key} expected {d}, got {fmt(m, unit)} "
                                      f"[{fmt(lo, unit)}, {fmt(hi, unit)}] {unit}")
            else:
                mark = "·"
            counts[mark] += 1
            cells.append(f"{fmt(m, unit)} [{fmt(lo, unit)}, {fmt(hi, unit)}] {d} {mark}")
        print(f"| {label} | {ref} | " + " | ".join(cells) + " |")

    # ---- the references' absolute levels
    refs = list(dict.fromkeys(ref for _, ref, _, _ in table_levers))
    print(f"\n### References: absolute levels, mean [95% t-interval] over {reps} replications\n")
    print("| reference | " + " | ".join(f"{h} ({'%' if u == 'pp' else u})" for _, h, _, u in metrics) + " |")
    print("|---|" + "---|" * len(metrics))
    for ref in refs:
        cells = []
        for key, _, scale, unit in metrics:
            m, lo, hi = interval(data[ref][key] * scale)
            cells.append("n/a" if math.isnan(m) else
                         f"{fmt(m, unit, False)} [{fmt(lo, unit, False)}, {fmt(hi, unit, False)}]")
        print(f"| {ref} | " + " | ".join(cells) + " |")
    print()


for title, metrics, table_levers in TABLES:
    judged_table(title, metrics, table_levers)


def side_by_side(ref, remedies):
    """Each remedy against `ref`: the rates, the hours it adds a year, the cost it adds."""
    print(f"## Remedies side by side against {ref}: paired difference, mean [95% t-interval]\n")
    print("Added hours a year: members' hours used (双报到), or rostered hours hired (grid workers × "
          "their shift hours × days a week × 52). Cost per point: added cost ÷ change in the three-rate score.\n")
    print("| remedy | 三率 score (pp) | 响应率 (pp) | 解决率 (pp) | 满意率 (pp) | resolution mean (h) | "
          "added hours/yr | added cost (M¥/yr) | M¥ per point |")
    print("|---|---|---|---|---|---|---|---|---|")
    b = data[ref]
    for run in remedies:
        a = data[run]
        cells = []
        for key, scale, unit in [("three_rate_score", 100, "pp"), ("response_rate", 100, "pp"),
                                 ("resolution_rate", 100, "pp"), ("satisfaction_rate", 100, "pp"),
                                 ("resolution_time_mean_h", 1, "h")]:
            m, lo, hi = interval((a[key] - b[key]) * scale)
            cells.append(f"{fmt(m, unit)} [{fmt(lo, unit)}, {fmt(hi, unit)}]")
        hired = (a["grid_workers"] - b["grid_workers"]) * ROSTERED_H_PER_WORKER
        hours = (a["member_h_per_year"] - b["member_h_per_year"]) + hired
        cost = (a["total_cost_per_year"] - b["total_cost_per_year"]) * 1e-6
        _, score_lo, _ = interval((a["three_rate_score"] - b["three_rate_score"]) * 100)
        score = (a["three_rate_score"] - b["three_rate_score"]).mean() * 100
        # A price per point only for a gain the interval shows.
        per_point = f"{cost.mean() / score:.1f}" if score_lo > 0 else "no clear gain"
        cells += [f"{hours.mean():,.0f}", f"{cost.mean():+.2f}", per_point]
        print(f"| {run} | " + " | ".join(cells) + " |")
    print()


ROSTERED_H_PER_WORKER = 8 * 5 * 52  # district.yaml's grid-worker shift: 8 h, 5 days a week
side_by_side(side_ref, side_runs)

judged = counts["✓"] + counts["·"] + counts["✗"]
print(f"\n**Summary:** of {judged} cells with an expected direction, {counts['✓']} agree (✓), "
      f"{counts['·']} are unclear (·), {counts['✗']} contradict (✗); "
      f"{counts['–']} cells without expectation (–), of which {unexpected_zero} with an interval "
      f"excluding 0" + (f"; {counts['n/a']} cells n/a" if counts["n/a"] else "") + ". "
      f"{len(needed)} runs in {elapsed:.0f} s ({jobs} at a time, {threads} thread(s) each).")
if contradictions:
    print("\nContradictions:\n")
    for c in contradictions:
        print(f"- {c}")
else:
    print("\nNo contradictions.")
PY
