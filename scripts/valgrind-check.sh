#!/usr/bin/env bash
# Runs the docbind command over every spec, and every test suite, under
# valgrind; fails on any leak or memory error.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
tmp=$(mktemp -d)
# valgrind cannot follow PCRE2's JIT code: use the interpreter.
export DOCBIND_NO_JIT=1
trap 'rm -rf "$tmp"' EXIT
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible)
failed=0
for spec in specs/*.txt; do
  if ! "${vg[@]}" "$build_dir/cli/docbind" parse --profiles specs/profiles "$spec" -o "$tmp/ir.json" >/dev/null 2>"$tmp/log"; then
    if grep -q "==[0-9]*==" "$tmp/log"; then cat "$tmp/log"; echo "valgrind: errors in docbind parse $spec"; failed=1; fi
  fi
done
# Test suites: Criterion forks a child per test; follow the children and
# read their reports from the logs. Two suites at a time.
# test_mock_hostile sends bodies of 10-17 MB at a server with connection
# timeouts: under valgrind's slowdown the timeouts fire first, so it runs
# under the sanitizers only. Children that are not ours (the shell and
# python run by system()) are not followed.
export tmp
ls "$build_dir"/tests/test_* | grep -v '/test_mock_hostile$' | xargs -P "$(nproc)" -I{} sh -c \
  'valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
     --trace-children=yes --trace-children-skip="/usr/*,/bin/*,*python*" --log-file="$tmp/$(basename {}).%p.vg" {} --jobs=1 -q >/dev/null 2>&1 || true'
if grep -lE "ERROR SUMMARY: [1-9]" "$tmp"/*.vg >/dev/null 2>&1; then
  for f in $(grep -lE "ERROR SUMMARY: [1-9]" "$tmp"/*.vg); do
    echo "--- $(basename "$f")"; grep -vE "^==[0-9]+== (Memcheck|Copyright|Using|Command|Parent PID)" "$f" | head -60
  done
  echo "valgrind: errors in test suites"
  failed=1
fi
[ "$failed" -eq 0 ] && echo "valgrind: no leaks or memory errors"
exit "$failed"
