#!/usr/bin/env bash
# ThreadSanitizer check of the transport: builds bench_transport with
# -fsanitize=thread in build-tsan/ and runs it, which drives one shared
# docbind_client from 8 threads (handle pool, DNS/TLS share locks, rate
# limiter, retry random source) against an in-process server, checking
# every response. Fails on any data race report.
#
# Separate from ctest: Criterion's sandboxing does not run under TSan, and
# TSan cannot be combined with the ASan build.
#
#   scripts/tsan-check.sh [requests]     default: the bench's --quick size
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build-tsan
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DDOCBIND_SANITIZE=OFF \
  -DDOCBIND_TESTS=OFF -DDOCBIND_BENCH=ON \
  -DCMAKE_C_FLAGS="-fsanitize=thread -fno-omit-frame-pointer -O1 -g" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target bench_transport >/dev/null

log="$build_dir/tsan.log"
args=(--quick)
[ $# -gt 0 ] && args=("$1")
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
run() { "$@" "$build_dir/bench/bench_transport" "${args[@]}" >"$log" 2>&1; }
status=0
run || status=$?
# Kernels with many mmap randomisation bits break TSan's memory layout;
# retry once with address randomisation off for this process.
if grep -q "unexpected memory mapping" "$log" && command -v setarch >/dev/null; then
  status=0
  run setarch "$(uname -m)" -R || status=$?
fi
cat "$log"
if [ "$status" -ne 0 ] || grep -q "WARNING: ThreadSanitizer" "$log"; then
  echo "tsan: data races or failures in the transport (log: $log)"
  exit 1
fi
echo "tsan: no data races in the transport"
