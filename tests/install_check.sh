#!/usr/bin/env bash
# The installed layout: `cmake --install` into a staging root (DESTDIR), or the .deb CPack makes
# (`deb`), then the installed loupe-cli runs from there and finds its plugins in lib/loupe/plugins.
# Usage: install_check.sh BUILD_DIR [install|deb]
set -euo pipefail
build=$(cd "$1" && pwd)
mode=${2:-install}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

case "$mode" in
    install) DESTDIR="$stage/root" cmake --install "$build" --prefix /usr > /dev/null ;;
    deb)
        (cd "$stage" && cpack --config "$build/CPackConfig.cmake" -B "$stage/pkg" > /dev/null)
        deb=$(ls "$stage"/pkg/*.deb)
        echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"
        dpkg-deb --info "$deb" | grep -E '^ (Package|Version|Depends):'
        dpkg-deb -x "$deb" "$stage/root" ;;
    *) echo "install_check.sh: unknown mode '$mode' (install, deb)" >&2; exit 2 ;;
esac
root="$stage/root/usr"

for f in bin/loupe-cli share/loupe/datasets/breast_cancer.csv share/loupe/projects/breast_cancer.loupe \
         share/applications/org.loupe.Loupe.desktop share/icons/hicolor/scalable/apps/org.loupe.Loupe.svg \
         share/metainfo/org.loupe.Loupe.metainfo.xml; do
    [[ -e "$root/$f" ]] || { echo "missing from the installed tree: $f" >&2; exit 1; }
done
if grep -q '^LOUPE_GUI:BOOL=ON' "$build/CMakeCache.txt"; then
    [[ -x "$root/bin/loupe" ]] || { echo "missing from the installed tree: bin/loupe" >&2; exit 1; }
fi
if command -v desktop-file-validate > /dev/null; then
    desktop-file-validate "$root/share/applications/org.loupe.Loupe.desktop"
fi
if command -v appstreamcli > /dev/null; then
    appstreamcli validate --no-net "$root/share/metainfo/org.loupe.Loupe.metainfo.xml" > /dev/null
fi

# The installed CLI alone: no plugin path from the environment, run from outside the build tree.
unset LOUPE_PLUGIN_PATH
cd "$stage"
"$root/bin/loupe-cli" info "$root/share/loupe/datasets/iris.csv" > /dev/null
listing=$("$root/bin/loupe-cli" plugins --json)
for id in quantize-int8 prune-magnitude distill; do
    grep -q "\"$id\"" <<< "$listing" || { echo "installed loupe-cli does not list plugin $id" >&2
                                           echo "$listing" >&2; exit 1; }
done
echo "installed loupe-cli lists quantize-int8, prune-magnitude, distill from $(ls -d "$root"/lib/loupe/plugins)"
