#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each for
# SECONDS (default 60) from a corpus seeded with specs/ and the test
# fixtures. Crashes are written to build-fuzz/crashes/.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DDOCBIND_FUZZ=ON -DDOCBIND_TESTS=OFF \
  -DDOCBIND_BENCH=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_parse fuzz_rebracket >/dev/null
corpus=build-fuzz/corpus/parse
mkdir -p "$corpus" build-fuzz/crashes
cp -n specs/*.txt tests/fixtures/*/*.txt tests/fixtures/*/*.md tests/fixtures/*/*.html "$corpus"/ 2>/dev/null || true
build-fuzz/fuzz/fuzz_parse -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix=build-fuzz/crashes/ "$corpus"
# torn JSON blocks: seeded with the legacy examples of the Tencent dump
corpus=build-fuzz/corpus/rebracket
mkdir -p "$corpus"
awk '/https:\/\/[a-z.]*\/v2\/index.php/{n++} n{print > ("'"$corpus"'/legacy-" n ".txt")}' \
  specs/004_6cc4ec163aabbe10.txt
build-fuzz/fuzz/fuzz_rebracket -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix=build-fuzz/crashes/ "$corpus"
