#!/usr/bin/env bash
# Runs the docbind command over every spec under valgrind and fails on any
# leak or memory error.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible)
for spec in specs/*.txt; do
  "${vg[@]}" "$build_dir/docbind" parse "$spec" -o "$tmp/ir.json" 2>"$tmp/log" || {
    status=$?
    if [ "$status" -eq 99 ]; then cat "$tmp/log"; echo "valgrind: errors in parse $spec"; exit 1; fi
  }
done
echo "valgrind: no leaks or memory errors"
