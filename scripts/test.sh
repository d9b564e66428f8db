#!/usr/bin/env bash
# Runs every test: the Criterion suites through ctest in a normal build,
# then again under AddressSanitizer + UndefinedBehaviorSanitizer, then the
# leak check under valgrind. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "== tests (build/)"
ctest --test-dir build --output-on-failure -j"$(nproc)"

echo "== tests under ASan+UBSan (build-asan/)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDOCBIND_SANITIZE=ON -DDOCBIND_BENCH=OFF >/dev/null
cmake --build build-asan -j"$(nproc)" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"

echo "== leak check under valgrind"
scripts/valgrind-check.sh build
