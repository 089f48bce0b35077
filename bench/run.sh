#!/usr/bin/env bash
# Builds what the benchmarks need (CMake + Ninja, in build/ unless
# KARMEM_BUILD_DIR says otherwise; configures it if it is not yet) and runs
# them. See bench/README.md for the method and how to read the tables.
#
#   bench/run.sh                  game benchmark, then the compile-time one
#   bench/run.sh game|compile     only one of them
#   bench/run.sh --quick [...]    1 process, short warm-up, results not saved
#
# Other options are passed to bench/game/run.mjs (e.g. --processes 3,
# --platforms wasm32, --out file.json).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${KARMEM_BUILD_DIR:-$root/build}"
what=all
quick=()
extra=()
for arg in "$@"; do
  case "$arg" in
    game | compile | all) what="$arg" ;;
    --quick) quick=(--quick) ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) extra+=("$arg") ;;
  esac
done

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja
fi
targets=()
[[ "$what" != compile ]] && targets+=(bench-game)
[[ "$what" != game ]] && targets+=(karmem)
cmake --build "$build" -j2 --target "${targets[@]}"

if [[ "$what" != compile ]]; then
  node --no-warnings "$root/bench/game/run.mjs" --build-dir "$build" "${quick[@]}" "${extra[@]}"
fi
if [[ "$what" != game ]]; then
  python3 "$root/bench/compile/compile_bench.py" --build-dir "$build" "${quick[@]}"
fi
