#!/usr/bin/env bash
# Do streets rank consistently? Runs a scenario for R independent replications and prints the
# Spearman rank correlation of the streets' three-rate scores between every pair of
# replications (mean, min). A ranking of streets is worth publishing only if it is high
# (the project's target: at least 0.8 for the default district).
#
#   scripts/street_rank_consistency.sh [SCENARIO] [REPLICATIONS] [DAYS]   (default district.yaml 4 365)
# GOVGRID=path picks the program (default build/govgrid).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/district.yaml}
reps=${2:-4}
days=${3:-365}
bin=${GOVGRID:-build/govgrid}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" run "$scenario" --out "$out" -q --set run.replications="$reps" --set run.days="$days" >/dev/null
/usr/bin/python3 - "$out/streets.csv" <<'PY'
import itertools, sys
import pandas as pd
d = pd.read_csv(sys.argv[1])
score = d.pivot(index="street_name", columns="replication", values="three_rate_score")
rho = [score[a].rank().corr(score[b].rank()) for a, b in itertools.combinations(score.columns, 2)]
print(f"streets: {len(score)}, replications: {score.shape[1]}")
print(f"Spearman rho of street three-rate scores between replications: mean {sum(rho)/len(rho):.3f}, min {min(rho):.3f}")
spread = score.mean(axis=1)
print(f"street scores (mean over replications): min {spread.min():.4f}, max {spread.max():.4f}, spread {spread.max()-spread.min():.4f}")
PY
