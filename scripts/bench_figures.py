#!/usr/bin/python3
"""The figures of the CI benchmark suite (scripts/bench_check.sh, scripts/bench_baseline.sh).

Reads Google Benchmark's JSON of build/bench/engine_bench, takes each case's median over its
repetitions, and divides the engine's station events per second by the reference's
(bench/reference_sim.h) measured in the same process: that ratio does not depend on how fast the
machine is, so it can be compared with a committed baseline.

  bench_figures.py check    RESULTS.json BASELINE.json
  bench_figures.py baseline RESULTS.json BASELINE.json HISTORY.csv COMMIT DATE MACHINE
"""
import csv
import json
import os
import re
import statistics
import sys

# Which cases the suite runs (engine_bench's names, without the /iterations: and /real_time parts).
REFERENCE = "BM_Reference"
CASES = {
    "district_year_1t": "BM_DistrictYear/threads:1",
    "district_year_2t": "BM_DistrictYear/threads:2",
    "throughput_1t": "BM_EngineThroughput/threads:1",
    "throughput_2t": "BM_EngineThroughput/threads:2",
}
# Ratios CI fails on when they drop more than THRESHOLD below the baseline; the others are shown.
GATED = ["district_year_2t", "throughput_2t"]
THRESHOLD = 0.20
# Issue 11's targets.
TARGET_RATIO = 1.0      # district-year on 2 threads ÷ reference on 1, per station event
TARGET_SPEEDUP = 1.85   # district-year, 2 threads ÷ 1 thread

COUNTERS = ["events", "station_events", "cases", "events_per_second", "station_events_per_second",
            "cases_per_second", "peak_rss_mib", "peak_growth_mib", "peak_is_process_lifetime"]
TO_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def case_key(name):
    return re.sub(r"/(iterations:\d+|real_time|repeats:\d+)", "", name)


def medians(results_path):
    """{case: {"seconds": median wall seconds per iteration, counter: median, "repetitions": n}}."""
    with open(results_path) as f:
        runs = json.load(f)["benchmarks"]
    samples = {}
    for run in runs:
        if run.get("run_type", "iteration") != "iteration" or run.get("error_occurred"):
            continue
        row = {"seconds": run["real_time"] * TO_SECONDS[run.get("time_unit", "ns")]}
        row.update({c: run[c] for c in COUNTERS if c in run})
        samples.setdefault(case_key(run.get("run_name", run["name"])), []).append(row)
    out = {}
    for key, rows in samples.items():
        fig = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        fig["repetitions"] = len(rows)
        out[key] = fig
    return out


def figures(results_path):
    """The suite's figures: each case's medians, ratios to the reference, speed-up."""
    m = medians(results_path)
    missing = [name for name in [REFERENCE, *CASES.values()] if name not in m]
    if missing:
        sys.exit(f"bench: {results_path} lacks {', '.join(missing)}")
    ref = m[REFERENCE]
    fig = {"reference": ref, "cases": {}, "ratios": {}}
    for label, name in CASES.items():
        fig["cases"][label] = m[name]
        fig["ratios"][label] = m[name]["station_events_per_second"] / ref["station_events_per_second"]
    fig["speedup_2t"] = m[CASES["district_year_1t"]]["seconds"] / m[CASES["district_year_2t"]]["seconds"]
    fig["throughput_speedup_2t"] = m[CASES["throughput_1t"]]["seconds"] / m[CASES["throughput_2t"]]["seconds"]
    return fig


def mega(x):
    return f"{x / 1e6:.2f} M"


def print_table(fig, baseline=None):
    ref = fig["reference"]
    print(f"reference (bare heap, 1 thread): {mega(ref['station_events_per_second'])} station events/s, "
          f"{mega(ref['events_per_second'])} heap events/s, {ref['station_events'] / ref['cases']:.2f} station events "
          f"per customer, {ref['seconds'] * 1e3:.0f} ms, peak +{ref['peak_growth_mib']:.1f} MiB")
    print()
    print(f"{'case':<18} {'time':>9} {'stn ev/s':>10} {'events/s':>10} {'stn ev/case':>11} "
          f"{'ratio':>6} {'baseline':>8} {'change':>7} {'peak MiB':>8} {'growth':>7} {'reps':>4}")
    base_ratios = baseline["ratios"] if baseline else {}
    for label, case in fig["cases"].items():
        ratio = fig["ratios"][label]
        base = base_ratios.get(label)
        change = f"{(ratio / base - 1) * 100:+.1f}%" if base else "-"
        base_text = f"{base:.3f}" if base else "-"
        gate = " *" if label in GATED else ""
        t = case["seconds"]
        time = f"{t:.2f} s" if t >= 1 else f"{t * 1e3:.0f} ms"
        print(f"{label + gate:<18} {time:>9} {mega(case['station_events_per_second']):>10} "
              f"{mega(case['events_per_second']):>10} {case['station_events'] / max(case['cases'], 1):>11.1f} "
              f"{ratio:>6.3f} {base_text:>8} {change:>7} {case['peak_rss_mib']:>8.0f} "
              f"{case['peak_growth_mib']:>7.0f} {case['repetitions']:>4}")
    print()
    print("ratio = station events per second of the case ÷ the reference's (median of repetitions); "
          f"* = gated: fails below {1 - THRESHOLD:.0%} of the baseline")
    print(f"district-year: 2 threads ÷ 1 = {fig['speedup_2t']:.2f}× (target ≥ {TARGET_SPEEDUP}), "
          f"ratio on 2 threads {fig['ratios']['district_year_2t']:.3f} (target ≥ {TARGET_RATIO}); "
          f"throughput case 2 ÷ 1 thread = {fig['throughput_speedup_2t']:.2f}×")
    dy = fig["cases"]["district_year_2t"]
    print(f"district-year, 2 threads: {dy['events'] / dy['cases']:.1f} engine events and "
          f"{dy['station_events'] / dy['cases']:.1f} station events per case")


def check(results_path, baseline_path):
    fig = figures(results_path)
    if not os.path.exists(baseline_path):
        print_table(fig)
        print(f"\nbench: FAIL — no baseline at {baseline_path}; record one with scripts/bench_baseline.sh")
        return 1
    with open(baseline_path) as f:
        baseline = json.load(f)
    print(f"baseline: commit {baseline.get('commit', '?')}, {baseline.get('date', '?')}, {baseline.get('machine', '')}")
    print_table(fig, baseline)
    failed = []
    for label in baseline.get("gated", GATED):
        base = baseline["ratios"].get(label)
        if base is None:
            continue
        ratio = fig["ratios"][label]
        floor = base * (1 - baseline.get("threshold", THRESHOLD))
        if ratio < floor:
            failed.append(f"{label}: ratio {ratio:.3f} is {(1 - ratio / base) * 100:.1f}% below the baseline's "
                          f"{base:.3f} (floor {floor:.3f})")
    if failed:
        print("\nbench: FAIL — performance fell more than the threshold below bench/baseline.json:")
        for line in failed:
            print("  " + line)
        print("If the slow-down is intended, record a new baseline: scripts/bench_baseline.sh")
        return 1
    print("\nbench: ok (every gated ratio within the threshold of the baseline)")
    return 0


HISTORY_COLUMNS = ["date", "commit", "reference_station_events_per_s",
                   "district_year_1t_s", "district_year_2t_s", "district_year_2t_station_events_per_s",
                   "ratio_district_year_1t", "ratio_district_year_2t", "ratio_throughput_1t", "ratio_throughput_2t",
                   "speedup_2t", "district_year_2t_peak_mib", "machine"]


def baseline(results_path, baseline_path, history_path, commit, date, machine):
    fig = figures(results_path)
    print_table(fig)
    record = {
        "commit": commit, "date": date, "machine": machine,
        "note": "ratios = station events per second of the case ÷ BM_Reference's, medians of repetitions "
                "(docs/performance.md); written by scripts/bench_baseline.sh",
        "threshold": THRESHOLD, "gated": GATED,
        "ratios": {k: round(v, 4) for k, v in fig["ratios"].items()},
        "speedup_2t": round(fig["speedup_2t"], 3),
        "figures": {"reference": fig["reference"], **fig["cases"]},
    }
    with open(baseline_path, "w") as f:
        json.dump(record, f, indent=2)
        f.write("\n")
    dy1, dy2 = fig["cases"]["district_year_1t"], fig["cases"]["district_year_2t"]
    row = [date, commit, f"{fig['reference']['station_events_per_second']:.0f}",
           f"{dy1['seconds']:.3f}", f"{dy2['seconds']:.3f}", f"{dy2['station_events_per_second']:.0f}",
           *(f"{fig['ratios'][k]:.4f}" for k in ["district_year_1t", "district_year_2t", "throughput_1t", "throughput_2t"]),
           f"{fig['speedup_2t']:.3f}", f"{dy2['peak_rss_mib']:.0f}", machine]
    new_file = not os.path.exists(history_path) or os.path.getsize(history_path) == 0
    with open(history_path, "a", newline="") as f:
        w = csv.writer(f)
        if new_file:
            w.writerow(HISTORY_COLUMNS)
        w.writerow(row)
    print(f"\nwrote {baseline_path}, appended to {history_path}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    if len(sys.argv) == 8 and sys.argv[1] == "baseline":
        sys.exit(baseline(*sys.argv[2:]))
    sys.exit(__doc__)
