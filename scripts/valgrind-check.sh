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
# docbind call, from parameters to a signed request (nothing is sent)
if ! TENCENTCLOUD_SECRET_ID=AKIDMOCKTESTID TENCENTCLOUD_SECRET_KEY=mock-test-secret \
    "${vg[@]}" "$build_dir/cli/docbind" call ckafka SendMessage --dry-run --region ap-guangzhou \
    --param '{"DataHubId":"d","Message":[{"Body":"a","Key":"k"}]}' >/dev/null 2>"$tmp/log"; then
  cat "$tmp/log"; echo "valgrind: errors in docbind call"; failed=1
fi
# the other commands the tests run through a shell (which valgrind does not
# follow into): generate, fixtures, diff, sign, and the mock serving signed,
# badly signed and unroutable requests until SIGINT
run_vg() { # NAME COMMAND...
  local name=$1; shift
  if ! "${vg[@]}" "$@" >/dev/null 2>"$tmp/log"; then
    if grep -q "==[0-9]*==" "$tmp/log"; then cat "$tmp/log"; echo "valgrind: errors in $name"; failed=1; fi
  fi
}
run_vg "docbind generate" "$build_dir/cli/docbind" generate generated/ir/*.json -o "$tmp/generated"
run_vg "docbind fixtures" "$build_dir/cli/docbind" fixtures generated/ir/*.json -o "$tmp/fixtures"
run_vg "docbind diff" "$build_dir/cli/docbind" diff --format json generated/ir/huawei.json generated/ir/aliyun.json
run_vg "docbind sign" "$build_dir/cli/docbind" sign docs/examples/sign-tc3-documented.json
"${vg[@]}" "$build_dir/cli/docbind" mock --strict-signatures --port 0 --max-seconds 120 generated/ir/*.json \
  >"$tmp/mock.out" 2>"$tmp/mock.log" &
mock_pid=$!
for _ in $(seq 1 100); do grep -q '127\.0\.0\.1' "$tmp/mock.out" 2>/dev/null && break; sleep 0.2; done
endpoint=http://$(grep -oE '127\.0\.0\.1:[0-9]+' "$tmp/mock.out" | head -n 1)
if [ "$endpoint" = "http://" ]; then cat "$tmp/mock.log"; echo "valgrind: docbind mock did not start"; failed=1; fi
for secret in mock-test-secret wrong-secret; do
  DOCBIND_ENDPOINT=$endpoint TENCENTCLOUD_SECRET_ID=AKIDMOCKTESTID TENCENTCLOUD_SECRET_KEY=$secret \
    "$build_dir/cli/docbind" call ckafka SendMessage --param '{"DataHubId":"d","Message":[{"Body":"a"}]}' \
    >/dev/null 2>&1 || true
done
curl -s -X POST "$endpoint/" -d 'not json' >/dev/null || true
kill -INT "$mock_pid"
if ! wait "$mock_pid" || grep -q "==[0-9]*==" "$tmp/mock.log"; then
  cat "$tmp/mock.log"; echo "valgrind: errors in docbind mock"; failed=1
fi
# one caller shared by threads, against an in-process mock
if ! "${vg[@]}" "$build_dir/tests/threads/shared_caller" 2 8 >/dev/null 2>"$tmp/log"; then
  cat "$tmp/log"; echo "valgrind: errors in shared_caller"; failed=1
fi
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
