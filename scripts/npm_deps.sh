#!/usr/bin/env bash
# Installs the npm packages the tests use, when missing, into build/node (ignored by git):
# onnxruntime-node, the ONNX Runtime the ONNX export test runs exported models in.
# --ignore-scripts: the package's install script downloads GPU binaries, which these machines
# cannot reach and do not need; the CPU runtime for linux x64 ships inside the package.
# Usage: scripts/npm_deps.sh [PREFIX]   (default: <repo>/build/node)
set -euo pipefail
cd "$(dirname "$0")/.."

version=1.22.0
prefix=${1:-$PWD/build/node}
package=$prefix/node_modules/onnxruntime-node
binary=$package/bin/napi-v6/linux/x64/onnxruntime_binding.node

if [[ -f "$binary" ]] && grep -q "\"version\": \"$version\"" "$package/package.json"; then
    echo "npm deps: onnxruntime-node $version present"
    exit 0
fi
if ! command -v npm > /dev/null; then
    echo "npm deps: npm is missing (apt-get install npm)" >&2
    exit 2
fi
echo "npm deps: installing onnxruntime-node@$version into $prefix"
mkdir -p "$prefix"
npm install --ignore-scripts --no-audit --no-fund --no-save --prefix "$prefix" \
    "onnxruntime-node@$version"
if [[ ! -f "$binary" ]]; then
    echo "npm deps: $binary is missing: the package has no linux x64 CPU runtime" >&2
    exit 1
fi
