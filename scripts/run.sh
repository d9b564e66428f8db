#!/usr/bin/env bash
# The main job: set up, build, regenerate everything docbind derives from
# specs/ (the IR of every document into generated/ir/), and print a
# summary. Needs no cloud account.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

docbind=build/cli/docbind
mkdir -p generated/ir
overrides=()
[ -f specs/overrides.json ] && overrides=(--overrides specs/overrides.json)

echo "== docbind parse: specs/ -> generated/ir/"
# Tencent CKafka: the Chinese API 3.0 dump (with its legacy API 2.0 part)
# and the English SendMessage page, merged into one service.
"$docbind" parse --summary "${overrides[@]}" specs/004_6cc4ec163aabbe10.txt specs/000_b28a4ad752744a02.txt \
  -o generated/ir/tencent-ckafka.json
# Huawei (DMS RocketMQ, ROMA Connect MQS) and Alibaba (ApsaraMQ for MQTT)
# reference pages; what the pages leave out comes from specs/profiles/.
"$docbind" parse --summary --profiles specs/profiles specs/001_690c8db26f8f4073.txt \
  specs/003_7bbb34a931abc497.txt -o generated/ir/huawei.json
"$docbind" parse --summary --profiles specs/profiles specs/002_eb46264fe417429f.txt \
  -o generated/ir/aliyun.json
"$docbind" generate generated/ir/*.json -o generated  # typed C bindings; prints counts per service
"$docbind" fixtures generated/ir/*.json -o generated/fixtures  # per-action fixtures (docs/fixtures.md)
echo "== done: IR in generated/ir/"

# The examples (examples/) against a local docbind mock with strict
# signatures and the mock's test credentials (docs/mock.md). Pointing them
# at the real clouds is one variable away: unset DOCBIND_ENDPOINT and set
# real credentials in the same variables.
echo "== examples: send through the generated bindings to docbind mock"
mock_out=$(mktemp)
"$docbind" mock --strict-signatures --max-seconds 60 --port 0 generated/ir/*.json >"$mock_out" &
mock_pid=$!
stop_mock() { kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; rm -f "$mock_out"; }
trap stop_mock EXIT
port=
for _ in $(seq 1 100); do
  port=$(head -n 1 "$mock_out" | grep -oE '127\.0\.0\.1:[0-9]+' | head -n 1 | cut -d: -f2 || true)
  [ -n "$port" ] && break
  kill -0 "$mock_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "docbind mock did not start" >&2
  exit 1
fi
export DOCBIND_ENDPOINT="http://127.0.0.1:$port"
export TENCENTCLOUD_SECRET_ID=AKIDMOCKTESTID TENCENTCLOUD_SECRET_KEY=mock-test-secret
export CLOUD_SDK_AK=HWMOCKTESTAK CLOUD_SDK_SK=mock-test-secret CLOUD_SDK_IAM_TOKEN=MIIMOCKTESTTOKEN
export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIMOCKTESTID ALIBABA_CLOUD_ACCESS_KEY_SECRET=mock-test-secret
for example in send_tencent send_huawei send_aliyun resend_huawei; do
  echo "-- $example"
  build/examples/"$example"
done
stop_mock
trap - EXIT
echo "== done: examples answered by docbind mock at $DOCBIND_ENDPOINT"
