#!/usr/bin/env bash
# Runs every test: the Criterion suites through ctest in a normal build,
# then again under AddressSanitizer + UndefinedBehaviorSanitizer, then the
# thread-sharing programs under ThreadSanitizer, then the suites and the
# docbind command under valgrind. Installs what is missing first.
#
# Criterion runs each test in a child process and does not turn a leak
# report of that child into a failure, so the sanitizer and valgrind logs
# are searched here instead.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "== tests (build/)"
ctest --test-dir build --output-on-failure -j"$(nproc)"

echo "== tests under ASan+UBSan (build-asan/)"
scripts/check-sanitizers.sh

echo "== ThreadSanitizer (build-tsan/)"
scripts/tsan-check.sh

echo "== valgrind"
scripts/valgrind-check.sh build
