#!/usr/bin/env bash
# Installs what govgrid needs from Debian's packages (only what is missing), then configures
# and builds into build/. Safe to run again: a second run installs nothing and rebuilds
# incrementally. Run as root on a fresh Debian 12 machine.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev libtbb-dev libyaml-cpp-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libsqlite3-dev librandom123-dev
  # Calibration: derivative-free optimisers, and time zones for reading case logs.
  libnlopt-cxx-dev libhowardhinnant-date-dev tzdata
  # Sweeps beyond one machine (optional at build time, used when found).
  openmpi-bin libopenmpi-dev
  # Notebooks, run by the tests under Debian's /usr/bin/python3.
  python3-numpy python3-pandas python3-matplotlib python3-nbclient python3-ipykernel python3-nbformat
  # Reports: headless Chromium for print-to-PDF and the browser test, and a CJK font so
  # Chinese reports render (and print) as text rather than boxes.
  chromium fonts-wqy-microhei
  # Fuzzing (scripts/fuzz.sh, and the short fuzz.smoke test): clang with libFuzzer's runtime.
  clang libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Reports: the charting libraries (vega, vega-lite, vega-embed; pinned in
# analysis/report/web/package-lock.json) are compiled into govgrid; install them with npm when
# missing or older than the lock file.
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: installing nodejs npm" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
web=analysis/report/web
if [ ! -d "$web/node_modules" ] || [ "$web/package-lock.json" -nt "$web/node_modules" ]; then
  (cd "$web" && npm ci --no-audit --no-fund)
  touch "$web/node_modules"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" >/dev/null
cmake --build build -j"$(nproc)"
