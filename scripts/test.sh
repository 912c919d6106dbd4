#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through ctest.
# Under CI=true it builds with -Werror and also runs the suite under AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build test
scripts/npm_deps.sh  # onnxruntime-node for the ONNX export tests, into build/node

jobs=$(nproc)
werror=OFF
if [[ "${CI:-}" == "true" ]]; then werror=ON; fi

cmake --preset dev -DLOUPE_WERROR=$werror
cmake --build --preset dev -j "$jobs"
ctest --preset dev -j "$jobs"

if [[ "${CI:-}" == "true" ]]; then
    echo "== AddressSanitizer + UndefinedBehaviorSanitizer build =="
    cmake --preset asan -DLOUPE_WERROR=$werror
    cmake --build --preset asan -j "$jobs"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --preset asan -j "$jobs" -LE slow
fi
