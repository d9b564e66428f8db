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
#   bench/bench_vs_node.sh [--requests N] [--batch-requests M] [--in-flight K] [--build-dir DIR]
#
# --in-flight K (default 4; 1 turns it off) adds one more comparison, for
# information: 1 message with K requests in flight on each side (docbind:
# K threads sharing one caller; Node: K concurrent request loops).
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
build_dir=${DOCBIND_BUILD_DIR:-build}
while (($#)); do
  case $1 in
    --requests) requests=${2:?}; shift 2 ;;
    --batch-requests) batch_requests=${2:?}; shift 2 ;;
    --in-flight) in_flight=${2:?}; shift 2 ;;
    --build-dir) build_dir=${2:?}; shift 2 ;;
    *) echo "usage: bench/bench_vs_node.sh [--requests N] [--batch-requests M] [--in-flight K] [--build-dir DIR]" >&2; exit 2 ;;
  esac
done

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
"$bench" --endpoint "$endpoint" "$requests" --batch-requests "$batch_requests" \
  --in-flight "$in_flight" | tee "$tmp/docbind.txt"
node interop/node/bench_node_sdk.js --port "$port" --requests "$requests" \
  --batch-requests "$batch_requests" --agent shipped --in-flight "$in_flight" | tee "$tmp/node.txt"
node interop/node/bench_node_sdk.js --port "$port" --requests "$requests" \
  --batch-requests "$batch_requests" --agent keepalive --in-flight "$in_flight" | tee "$tmp/node-ka.txt"

# "LABEL, PAYLOAD  R req/s   p50 X us   p99 Y us   (N requests, C new connections)"
# -> "R X Y C"
figures() { # file payload-label
  grep -F ", $2 " "$1" |
    sed -E 's/.* ([0-9.]+) req\/s +p50 +([0-9.]+) us +p99 +([0-9.]+) us +\([0-9]+ requests, ([0-9]+) new.*/\1 \2 \3 \4/'
}
echo
echo "== SendMessage, sequential, one kept-alive connection, strict signatures"
printf '%-28s %-12s %10s %12s %12s %10s\n' client payload "req/s" "p50 (us)" "p99 (us)" "new conns"
for payload in "1 message" "500 x 1 KB"; do
  for pair in "docbind_caller_call:docbind.txt" "Node SDK as shipped:node.txt" "Node SDK keep-alive agent:node-ka.txt"; do
    read -r rps p50 p99 conns <<<"$(figures "$tmp/${pair#*:}" "$payload")"
    printf '%-28s %-12s %10s %12s %12s %10s\n' "${pair%%:*}" "$payload" "$rps" "$p50" "$p99" "$conns"
  done
done
echo
met=1
for payload in "1 message" "500 x 1 KB"; do
  read -r d_rps _ d_p99 _ <<<"$(figures "$tmp/docbind.txt" "$payload")"
  read -r n_rps _ _ _ <<<"$(figures "$tmp/node.txt" "$payload")"
  read -r k_rps _ _ _ <<<"$(figures "$tmp/node-ka.txt" "$payload")"
  ratio=$(awk -v d="$d_rps" -v n="$n_rps" 'BEGIN { printf "%.1f", d / n }')
  ratio_ka=$(awk -v d="$d_rps" -v n="$k_rps" 'BEGIN { printf "%.1f", d / n }')
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
  for pair in "docbind_caller_call:docbind.txt" "Node SDK as shipped:node.txt" "Node SDK keep-alive agent:node-ka.txt"; do
    read -r rps p50 p99 conns <<<"$(figures "$tmp/${pair#*:}" "$payload")"
    printf '%-28s %-26s %10s %12s %12s %10s\n' "${pair%%:*}" "$payload" "$rps" "$p50" "$p99" "$conns"
  done
  read -r d_rps _ _ _ <<<"$(figures "$tmp/docbind.txt" "$payload")"
  read -r n_rps _ _ _ <<<"$(figures "$tmp/node.txt" "$payload")"
  echo "$payload: docbind / Node SDK = $(awk -v d="$d_rps" -v n="$n_rps" 'BEGIN { printf "%.1f", d / n }')x" \
    "(the mock shares the machine's $(nproc) CPUs with both clients)"
fi
[ "$met" -eq 1 ] && echo "== targets met" || echo "== some targets NOT met"
if [ -s "$tmp/mock.err" ]; then
  echo "docbind mock stderr:"; cat "$tmp/mock.err"
fi
