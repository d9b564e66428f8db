#!/bin/sh
# ctest interop.tencent_node_sdk: the official Tencent Cloud Node.js SDK and
# `docbind call` against one strict docbind mock; see
# interop/node/tencent_interop.js and docs/interop.md. Run from the source
# tree with the docbind command to test:
#   sh tests/interop/tencent_node_sdk.sh build/cli/docbind
set -eu
docbind=${1:?usage: tencent_node_sdk.sh DOCBIND}
if ! command -v node >/dev/null 2>&1; then
  echo "interop: node is not installed (scripts/setup.sh installs nodejs and npm)" >&2
  exit 1
fi
if [ ! -f interop/node/node_modules/tencentcloud-sdk-nodejs-common/package.json ]; then
  echo "interop: the Tencent Cloud SDK is not installed in interop/node/node_modules" \
       "(scripts/setup.sh runs npm ci there)" >&2
  exit 1
fi
exec node interop/node/tencent_interop.js "$docbind" generated/ir/tencent-ckafka.json
