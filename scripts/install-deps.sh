#!/usr/bin/env bash
# Installs what karmem-clang needs on Debian bookworm, and nothing that is
# already there. Run as root (or with sudo). Safe to run again.
set -euo pipefail
pkgs=(
  cmake ninja-build python3 git g++
  clang-19 llvm-19-dev libclang-19-dev lld-19 llvm-19-tools libclang-rt-19-dev
  wasi-libc libc++-19-dev-wasm32 libc++abi-19-dev-wasm32 libclang-rt-19-dev-wasm32
  libxxhash-dev binaryen wabt nodejs
  flatbuffers-compiler libflatbuffers-dev
  chromium                      # the browser tests (playwright-core drives /usr/bin/chromium)
  nats-server                   # the sync broker tests (JetStream and a WebSocket listener on loopback)
  libnss3-dev libp11-kit-dev    # real-headers tests: large C libraries whose headers use #pragma pack
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# NodeSource's nodejs carries npm and conflicts with Debian's npm package.
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages, pinned by the committed package-lock.json: playwright-core
# (drives Debian's chromium, downloads no browser) and the official NATS
# clients, nats (Node) and nats.ws (browsers), for the sync transports.
cd "$(dirname "$0")/.."
# The stamp is the lockfile npm ci last installed: a changed lockfile reinstalls.
if ! cmp -s package-lock.json node_modules/.karmem-lock-stamp 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.karmem-lock-stamp
fi
