#!/usr/bin/env bash
# Installs docbind's Debian build dependencies when any is missing, then
# configures and builds into build/. Safe to run again: it only installs
# what is absent and rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config libxml2-dev libpcre2-dev
          libcurl4-openssl-dev libssl-dev libcjson-dev libcriterion-dev
          libmicrohttpd-dev valgrind clang python3-jsonschema)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Node.js and the official Tencent Cloud SDK (interop test, bench) -----
# tests/interop and bench/bench_vs_node.sh run the SDK pinned in
# interop/node/package-lock.json (docs/interop.md). Debian's nodejs and npm
# when node is missing; `npm ci` when node_modules is missing or older than
# the lock file.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  node_pkgs=(npm)
  command -v node >/dev/null 2>&1 || node_pkgs=(nodejs npm)
  echo "setup: installing ${node_pkgs[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${node_pkgs[@]}" >/dev/null
fi
if [ ! -f interop/node/node_modules/.package-lock.json ] ||
   [ interop/node/package-lock.json -nt interop/node/node_modules/.package-lock.json ]; then
  echo "setup: npm ci in interop/node"
  (cd interop/node && npm ci --no-audit --no-fund --loglevel=error)
fi
# --- end of the Node.js block ------------------------------------------------

build_dir=${DOCBIND_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
