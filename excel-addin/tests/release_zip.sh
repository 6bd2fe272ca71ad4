#!/usr/bin/env bash
# The release archive (cmake --build build --target package) holds both XLLs,
# the sample workbook and INSTALL.md. Packs it into OUT and lists it.
#   release_zip.sh CPACK CMAKE CPackConfig.cmake OUT
set -uo pipefail
cpack=$1 cmake=$2 config=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
if ! "$cpack" --config "$config" -B "$out" >"$out/cpack.log" 2>&1; then
  cat "$out/cpack.log"
  echo "FAILED: cpack could not pack the add-in"
  exit 1
fi
zip=$(ls "$out"/*.zip)
listing=$(cd "$out" && "$cmake" -E tar tf "$zip")
echo "$(basename "$zip"):"
echo "$listing"
for file in kpilot-x64.xll kpilot-x86.xll kpilot-sample.xlsx INSTALL.md; do
  if ! grep -qE "(^|/)$file\$" <<<"$listing"; then
    echo "FAILED: $file is not in $(basename "$zip")"
    exit 1
  fi
done
