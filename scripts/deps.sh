#!/usr/bin/env bash
# Installs the Debian packages Loupe needs that are missing, and says which.
# Usage: scripts/deps.sh GROUP...   groups: build, test, bench
set -euo pipefail

build=(cmake ninja-build g++ pkg-config libeigen3-dev libhdf5-dev nlohmann-json3-dev libcli11-dev
       qt6-base-dev qt6-charts-dev qt6-svg-dev libgl-dev libonnx-dev libprotobuf-dev
       libsqlite3-dev libxxhash-dev libdnnl-dev)
test=(python3 python3-numpy python3-sklearn python3-h5py poppler-utils python3-onnx nodejs
      dpkg-dev file desktop-file-utils appstream)
bench=(python3-torch python3-pandas libopenblas0-pthread)

wanted=()
for group in "$@"; do
    case "$group" in
        build) wanted+=("${build[@]}") ;;
        test) wanted+=("${test[@]}")
              # npm fetches onnxruntime-node (scripts/npm_deps.sh); NodeSource's nodejs has it
              command -v npm > /dev/null || wanted+=(npm) ;;
        bench) wanted+=("${bench[@]}") ;;
        *) echo "deps.sh: unknown group '$group' (build, test, bench)" >&2; exit 2 ;;
    esac
done

missing=()
for pkg in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
    echo "deps: all ${#wanted[@]} packages present"
    exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
