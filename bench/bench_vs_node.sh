#!/usr/bin/env bash
# docbind's client against the official Tencent Cloud Node.js SDK, in one
# run against ONE `docbind mock --strict-signatures --no-rate-limit`
# (both clients' TC3 signatures are verified on every request): SendMessage
# with 1 message and with 500 messages of 1 KB, one request in flight, one
# kept-alive connection; requests per second, p50 and p99 latency. Prints a
# table, the ratio docbind / Node SDK, and whether the targets hold:
# docbind at least 5x the Node SDK's requests per second, and docbind's
# one-message p99 under 1 ms. See docs/interop.md.
#
#   bench/bench_vs_node.sh [--requests N] [--batch-requests M] [--in-flight K] [--rounds R]
#                          [--build-dir DIR]
#
# --in-flight K (default 4; 1 turns it off) adds one more comparison, for
# information: 1 message with K requests in flight on each side (docbind:
# K threads sharing one caller; Node: K concurrent request loops).
#
# --rounds R (default 1) runs the three clients R times, one after the
# other in each round, and reports medians: of each figure, and of the
# per-round ratio, since a shared machine's pace drifts between minutes.
#
# Defaults: 20000 one-message and 1000 batch requests per client (after a
# warm-up of a tenth), build directory build/ (or DOCBIND_BUILD_DIR). Needs
# a built tree (scripts/setup.sh builds it and installs node and the SDK).
# Exit status: 0 when every client ran (targets met or not, they are
# reported), 1 when a client failed or something is missing, 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."

requests=20000
batch_requests=1000
in_flight=4
rounds=1
build_dir=${DOCBIND_BUILD_DIR:-build}
while (($#)); do
  case $1 in
    --requests) requests=${2:?}; shift 2 ;;
    --batch-requests) batch_requests=${2:?}; shift 2 ;;
    --in-flight) in_flight=${2:?}; shift 2 ;;
    --rounds) rounds=${2:?}; shift 2 ;;
    --build-dir) build_dir=${2:?}; shift 2 ;;
    *) echo "usage: bench/bench_vs_node.sh [--requests N] [--batch-requests M] [--in-flight K] [--rounds R] [--build-dir DIR]" >&2; exit 2 ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]?$ ]] || { echo "bench_vs_node: --rounds takes 1 to 99" >&2; exit 2; }

docbind=$build_dir/cli/docbind
bench=$build_dir/bench/bench_mock
for f in "$docbind" "$bench"; do
  [ -x "$f" ] || { echo "bench_vs_node: $f is missing (build first: scripts/setup.sh)" >&2; exit 1; }
done
command -v node >/dev/null 2>&1 || { echo "bench_vs_node: node is not installed (scripts/setup.sh)" >&2; exit 1; }
[ -f interop/node/node_modules/tencentcloud-sdk-nodejs-common/package.json ] ||
  { echo "bench_vs_node: the SDK is not installed in interop/node (scripts/setup.sh runs npm ci)" >&2; exit 1; }

tmp=$(mktemp -d)
"$docbind" mock --strict-signatures --no-rate-limit --port 0 --max-seconds 7200 \
  generated/ir/tencent-ckafka.json >"$tmp/mock.out" 2>"$tmp/mock.err" &
mock_pid=$!
stop_mock() { kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap stop_mock EXIT
port=
for _ in $(seq 1 100); do
  port=$(head -n 1 "$tmp/mock.out" | grep -oE '127\.0\.0\.1:[0-9]+' | head -n 1 | cut -d: -f2 || true)
  [ -n "$port" ] && break
  kill -0 "$mock_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "bench_vs_node: docbind mock did not start: $(cat "$tmp/mock.err")" >&2
  exit 1
fi
endpoint=http://127.0.0.1:$port

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== one docbind mock --strict-signatures --no-rate-limit at $endpoint"
for r in $(seq 1 "$rounds"); do
  [ "$rounds" -gt 1 ] && echo "-- round $r of $rounds"
  "$bench" --endpoint "$endpoint" "$requests" --batch-requests "$batch_requests" \
    --in-flight "$in_flight" | tee "$tmp/docbind.$r.txt"
  node interop/node/bench_node_sdk.js --port "$port" --requests "$requests" \
    --batch-requests "$batch_requests" --agent shipped --in-flight "$in_flight" | tee "$tmp/node.$r.txt"
  node interop/node/bench_node_sdk.js --port "$port" --requests "$requests" \
    --batch-requests "$batch_requests" --agent keepalive --in-flight "$in_flight" | tee "$tmp/node-ka.$r.txt"
done

# "LABEL, PAYLOAD  R req/s   p50 X us   p99 Y us   (N requests, C new connections)"
# -> "R X Y C"
one_round() { # file payload-label
  grep -F ", $2 " "$1" |
    sed -E 's/.* ([0-9.]+) req\/s +p50 +([0-9.]+) us +p99 +([0-9.]+) us +\([0-9]+ requests, ([0-9]+) new.*/\1 \2 \3 \4/'
}
median() { # numbers on stdin, one per line
  sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
# The median of each figure over the rounds: "R X Y C".
figures() { # client (docbind, node, node-ka) payload-label
  local col out=()
  for col in 1 2 3 4; do
    out+=("$(for r in $(seq 1 "$rounds"); do one_round "$tmp/$1.$r.txt" "$2"; done | cut -d' ' -f"$col" | median)")
  done
  echo "${out[*]}"
}
# The median over the rounds of docbind's req/s over the other client's.
ratio() { # other-client payload-label
  for r in $(seq 1 "$rounds"); do
    read -r d _ <<<"$(one_round "$tmp/docbind.$r.txt" "$2")"
    read -r n _ <<<"$(one_round "$tmp/$1.$r.txt" "$2")"
    awk -v d="$d" -v n="$n" 'BEGIN { printf "%.2f\n", d / n }'
  done | median | awk '{ printf "%.1f", $1 }'
}
echo
echo "== SendMessage, sequential, one kept-alive connection, strict signatures$([ "$rounds" -gt 1 ] && echo ", medians of $rounds rounds")"
printf '%-28s %-12s %10s %12s %12s %10s\n' client payload "req/s" "p50 (us)" "p99 (us)" "new conns"
for payload in "1 message" "500 x 1 KB"; do
  for pair in "docbind_caller_call:docbind" "Node SDK as shipped:node" "Node SDK keep-alive agent:node-ka"; do
    read -r rps p50 p99 conns <<<"$(figures "${pair#*:}" "$payload")"
    printf '%-28s %-12s %10s %12s %12s %10s\n' "${pair%%:*}" "$payload" "$rps" "$p50" "$p99" "$conns"
  done
done
echo
met=1
for payload in "1 message" "500 x 1 KB"; do
  read -r _ _ d_p99 _ <<<"$(figures docbind "$payload")"
  ratio=$(ratio node "$payload")
  ratio_ka=$(ratio node-ka "$payload")
  ok=$(awk -v r="$ratio" 'BEGIN { print (r >= 5) ? "met" : "NOT met" }')
  [ "$ok" = met ] || met=0
  echo "$payload: docbind / Node SDK = ${ratio}x as shipped, ${ratio_ka}x with a keep-alive agent -- target >= 5x: $ok"
  if [ "$payload" = "1 message" ]; then
    ok=$(awk -v p="$d_p99" 'BEGIN { print (p < 1000) ? "met" : "NOT met" }')
    [ "$ok" = met ] || met=0
    echo "1 message: docbind p99 ${d_p99} us -- target < 1000 us: $ok"
  fi
done
if [ "$in_flight" -gt 1 ]; then
  payload="1 message, $in_flight in flight"
  echo
  echo "== for information: SendMessage, $in_flight requests in flight (docbind: threads sharing one caller)"
  printf '%-28s %-26s %10s %12s %12s %10s\n' client payload "req/s" "p50 (us)" "p99 (us)" "new conns"
  for pair in "docbind_caller_call:docbind" "Node SDK as shipped:node" "Node SDK keep-alive agent:node-ka"; do
    read -r rps p50 p99 conns <<<"$(figures "${pair#*:}" "$payload")"
    printf '%-28s %-26s %10s %12s %12s %10s\n' "${pair%%:*}" "$payload" "$rps" "$p50" "$p99" "$conns"
  done
  echo "$payload: docbind / Node SDK = $(ratio node "$payload")x" \
    "(the mock shares the machine's $(nproc) CPUs with both clients)"
fi
[ "$met" -eq 1 ] && echo "== targets met" || echo "== some targets NOT met"
if [ -s "$tmp/mock.err" ]; then
  echo "docbind mock stderr:"; cat "$tmp/mock.err"
fi
