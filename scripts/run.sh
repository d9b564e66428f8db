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
echo "== done: IR in generated/ir/"
