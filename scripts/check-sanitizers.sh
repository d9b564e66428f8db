#!/usr/bin/env bash
# Builds build-asan/ with AddressSanitizer + UndefinedBehaviorSanitizer and
# runs every test there. Criterion runs each test in a child process and
# does not turn a sanitizer report of that child into a failure, so the log
# is searched for reports as well.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDOCBIND_SANITIZE=ON -DDOCBIND_BENCH=OFF >/dev/null
cmake --build build-asan -j"$(nproc)" >/dev/null
log=build-asan/ctest-sanitizers.log
status=0
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -V -j"$(nproc)" >"$log" 2>&1 || status=$?
grep -E "tests passed|tests failed" "$log" || true
if [ "$status" -ne 0 ] || grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$log"; then
  grep -nE -A20 "ERROR: (Address|Leak)Sanitizer|runtime error:|FAIL" "$log" | head -120
  echo "sanitizer run failed (full log: $log)"
  exit 1
fi
echo "sanitizers: no errors, no leaks"
