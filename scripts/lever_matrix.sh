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
# The expectations are the two tables RUNS and LEVERS below: edit them there.
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


def parse_levers(text):
    levers = []
    for line in text.strip().splitlines():
        if line.startswith("#"):
            continue
        label, ref, run, dirs = (f.strip() for f in line.split("|"))
        dirs = dirs.split()
        assert len(dirs) == len(METRICS) and set(dirs) <= {"↑", "↓", "0"}, line
        levers.append((label, ref, run, dirs))
    return levers


runs = parse_runs(RUNS)
levers = parse_levers(LEVERS)
for _, ref, run, _ in levers:
    assert ref in runs and run in runs, (ref, run)
reps, days = int(os.environ["LM_REPS"]), os.environ["LM_DAYS"]
jobs = max(1, int(os.environ["LM_JOBS"]))
threads = int(os.environ["LM_THREADS"] or max(1, (os.cpu_count() or 1) // jobs))
out, binary = os.environ["LM_OUT"], os.environ["LM_BIN"]
if reps < 2:
    sys.exit("lever_matrix: need at least 2 replications for an interval")

# ---- run every distinct scenario -----------------------------------------------------------
needed = [n for n in runs if any(n in (ref, run) for _, ref, run, _ in levers)]
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
keys = [m[0] for m in METRICS]
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
    digits = 2 if unit in ("pp", "h/wk") else 1
    return f"{v:+.{digits}f}" if sign else f"{v:.{digits}f}"


counts = {"✓": 0, "·": 0, "✗": 0, "–": 0, "n/a": 0}
unexpected_zero = 0
contradictions = []
print(f"## Levers: paired difference lever − reference, mean [95% t-interval] over {reps} "
      f"replications × {days} days (common random numbers)\n")
print("Units: rates and shares in percentage points (pp), times in hours, overtime and "
      "pushed-down hours per worker per week. Expected: ↑ ↓, 0 = none. "
      "✓ agrees, ✗ contradicts, · unclear (interval includes 0), – not judged.\n")
print("| lever | reference | " + " | ".join(f"{h} ({u})" for _, h, _, u in METRICS) + " |")
print("|---|---|" + "---|" * len(METRICS))
for label, ref, run, dirs in levers:
    a, b = data[run], data[ref]
    if list(a.index) != list(b.index) or not (a["seed"] == b["seed"]).all():
        sys.exit(f"lever_matrix: {run} and {ref} do not share replications and seeds; not paired")
    cells = []
    for (key, _, scale, unit), d in zip(METRICS, dirs):
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

# ---- the references' absolute levels ---------------------------------------------------------
refs = list(dict.fromkeys(ref for _, ref, _, _ in levers))
print(f"\n## References: absolute levels, mean [95% t-interval] over {reps} replications\n")
print("| reference | " + " | ".join(f"{h} ({'%' if u == 'pp' else u})" for _, h, _, u in METRICS) + " |")
print("|---|" + "---|" * len(METRICS))
for ref in refs:
    cells = []
    for key, _, scale, unit in METRICS:
        m, lo, hi = interval(data[ref][key] * scale)
        cells.append("n/a" if math.isnan(m) else
                     f"{fmt(m, unit, False)} [{fmt(lo, unit, False)}, {fmt(hi, unit, False)}]")
    print(f"| {ref} | " + " | ".join(cells) + " |")

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
