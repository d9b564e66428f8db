#!/usr/bin/env bash
# ThreadSanitizer check of what the headers say threads may share: builds
# with -fsanitize=thread in build-tsan/ and runs
#   - bench_transport: one docbind_client driven by 8 threads (handle pool,
#     DNS/TLS share locks, rate limiter, retry random source) against an
#     in-process server, every response checked;
#   - tests/threads/shared_caller: one docbind_caller per service shared by
#     8 threads (signing-context pool, documented rate limits, prepare and
#     send side by side) against an in-process docbind mock in strict mode.
# Fails on any data race report.
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
cmake --build "$build_dir" -j"$(nproc)" --target bench_transport shared_caller >/dev/null

args=(--quick)
[ $# -gt 0 ] && args=("$1")
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"

# Runs one program under TSan; its output goes to $build_dir/tsan-NAME.log.
check() {
  local name=$1
  shift
  local log="$build_dir/tsan-$name.log" status=0
  "$@" >"$log" 2>&1 || status=$?
  # Kernels with many mmap randomisation bits break TSan's memory layout;
  # retry once with address randomisation off for this process.
  if grep -q "unexpected memory mapping" "$log" && command -v setarch >/dev/null; then
    status=0
    setarch "$(uname -m)" -R "$@" >"$log" 2>&1 || status=$?
  fi
  cat "$log"
  if [ "$status" -ne 0 ] || grep -q "WARNING: ThreadSanitizer" "$log"; then
    echo "tsan: data races or failures in $name (log: $log)"
    return 1
  fi
  echo "tsan: no data races in $name"
}

failed=0
check transport "$build_dir/bench/bench_transport" "${args[@]}" || failed=1
check shared_caller "$build_dir/tests/threads/shared_caller" 8 25 || failed=1
exit "$failed"
