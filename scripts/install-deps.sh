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
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
