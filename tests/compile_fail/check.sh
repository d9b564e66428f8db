#!/bin/sh
# Compile-time checks of the generated bindings, run by ctest.
#
#   check.sh fail CC SOURCE_DIR FILE
#       FILE must NOT compile. The compiler's output must match the regular
#       expression on FILE's " * expect: " line and must point at the line
#       marked "ERROR HERE" (FILE:LINE: in an error or in a note of it).
#   check.sh ok CC SOURCE_DIR FILE...
#       Every FILE must compile.
#   check.sh ir CC SOURCE_DIR DOCBIND IR...
#       `DOCBIND generate IR... -o TMP`, then every generated source must compile.
#
# Flags are the strict set generated code promises to build with.
set -u
mode=$1
cc=$2
src=$3
shift 3
flags="-std=c11 -Wall -Wextra -Werror -pedantic -D_POSIX_C_SOURCE=200809L -I$src/generated -I$src/runtime -fsyntax-only"

if [ "$mode" = ir ]; then
  docbind=$1
  shift
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if ! "$docbind" generate --quiet --templates "$src/templates" "$@" -o "$tmp" >/dev/null; then
    echo "FAIL: docbind generate $*"
    exit 1
  fi
  set -- "$tmp"/*/*.c
  flags="-I$tmp $flags" # its own headers first (the registry includes them)
  mode=ok
fi

if [ "$mode" = ok ]; then
  for f in "$@"; do
    if ! $cc $flags "$f"; then
      echo "FAIL: $f does not compile with $cc"
      exit 1
    fi
  done
  echo "ok: $# file(s) compile with $cc"
  exit 0
fi

file=$1
expect=$(sed -n 's/^ \* expect: //p' "$file" | head -n 1)
line=$(grep -n 'ERROR HERE' "$file" | head -n 1 | cut -d: -f1)
if [ -z "$expect" ] || [ -z "$line" ]; then
  echo "FAIL: $file needs an ' * expect: ' line and an ERROR HERE marker"
  exit 1
fi
out=$($cc $flags "$file" 2>&1)
status=$?
printf '%s\n' "$out"
if [ "$status" -eq 0 ]; then
  echo "FAIL: $file compiled with $cc"
  exit 1
fi
if ! printf '%s\n' "$out" | grep -Eq -- "$expect"; then
  echo "FAIL: no compiler message matches: $expect"
  exit 1
fi
if ! printf '%s\n' "$out" | grep -q -- "$(basename "$file"):$line:"; then
  echo "FAIL: no compiler message points at $(basename "$file"):$line"
  exit 1
fi
echo "ok: $cc refuses $(basename "$file") for the expected reason"
