#!/usr/bin/env bash
# Builds what the benchmarks need (CMake + Ninja, in build/ unless
# KARMEM_BUILD_DIR says otherwise; configures it if it is not yet) and runs
# them. See bench/README.md for the method and how to read the tables.
#
#   bench/run.sh                  game, compile-time and exchange benchmarks
#   bench/run.sh game|compile|exchange   only one of them
#   bench/run.sh sync-latency   write-to-converged over NATS and BroadcastChannel (bench/sync/README.md)
#   bench/run.sh --quick [...]    1 process, short warm-up, results not saved
#
# Other options are passed to bench/game/run.mjs (e.g. --processes 3,
# --platforms wasm32, --out file.json); `exchange` alone passes them to
# bench/exchange/run.mjs instead (--processes, --out), and `sync-latency` to
# bench/sync/latency.mjs (--rounds, --transports, --out none...).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${KARMEM_BUILD_DIR:-$root/build}"
what=all
quick=()
extra=()
for arg in "$@"; do
  case "$arg" in
    game | compile | exchange | sync-latency | all) what="$arg" ;;
    --quick) quick=(--quick) ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) extra+=("$arg") ;;
  esac
done

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja
fi
targets=()
[[ "$what" == all || "$what" == game ]] && targets+=(bench-game)
[[ "$what" == all || "$what" == compile ]] && targets+=(karmem)
[[ "$what" == all || "$what" == exchange ]] && targets+=(bench-exchange)
[[ "$what" == sync-latency ]] && targets+=(bench-sync-peer)
cmake --build "$build" -j2 --target "${targets[@]}"

if [[ "$what" == all || "$what" == game ]]; then
  node --no-warnings "$root/bench/game/run.mjs" --build-dir "$build" "${quick[@]}" "${extra[@]}"
fi
if [[ "$what" == all || "$what" == compile ]]; then
  python3 "$root/bench/compile/compile_bench.py" --build-dir "$build" "${quick[@]}"
fi
if [[ "$what" == exchange ]]; then
  node --no-warnings "$root/bench/exchange/run.mjs" --build-dir "$build" "${quick[@]}" "${extra[@]}"
elif [[ "$what" == all ]]; then
  node --no-warnings "$root/bench/exchange/run.mjs" --build-dir "$build" "${quick[@]}"
fi
if [[ "$what" == sync-latency ]]; then
  node --no-warnings "$root/bench/sync/latency.mjs" --build-dir "$build" "${extra[@]}"
fi
