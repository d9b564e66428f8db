#!/usr/bin/env bash
# Runs every benchmark and prints its figures: bench/bench_*.c programs
# from the build, then bench/bench_vs_node.sh (docbind's client against the
# official Tencent Node.js SDK on one docbind mock). Benchmarks print
# figures; they do not pass or fail on time.
#
#   scripts/bench.sh [--quick]     --quick: smaller runs, for a smoke check
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
[ "${1:-}" = "--quick" ] && quick=1
build_dir=${DOCBIND_BUILD_DIR:-build}
scripts/setup.sh >/dev/null

run() {
  echo
  echo "== $*"
  "$@"
}

run "$build_dir/bench/bench_parse"
if ((quick)); then
  run "$build_dir/bench/bench_sign" 0.2
  run "$build_dir/bench/bench_mustache" 0.2
  run "$build_dir/bench/bench_codegen"
  run "$build_dir/bench/bench_transport" --quick
  run "$build_dir/bench/bench_mock" --quick
  run bench/bench_vs_node.sh --requests 2000 --batch-requests 100 --build-dir "$build_dir"
else
  run "$build_dir/bench/bench_sign"
  run "$build_dir/bench/bench_mustache"
  run "$build_dir/bench/bench_codegen"
  run "$build_dir/bench/bench_transport"
  run "$build_dir/bench/bench_mock"
  run bench/bench_vs_node.sh --build-dir "$build_dir"
fi
