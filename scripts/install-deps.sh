#!/usr/bin/env bash
# Installs the Debian packages in scripts/debian-packages.txt that are not yet
# installed; does nothing (and needs no network) when all are there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mapfile -t wanted < <(grep -v '^\s*#' "$here/debian-packages.txt" | grep -v '^\s*$')
missing=()
for package in "${wanted[@]}"; do
  # Node may come from elsewhere than Debian (NodeSource bundles npm in its nodejs);
  # a working node or npm on the PATH is what the tests need.
  case "$package" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # One index failing to download (a mirror in mid-sync) makes apt-get update exit non-zero
  # although the others arrived; the install below says whether what is needed was found.
  $sudo apt-get update -qq || echo "apt-get update reported errors; installing from the indexes it has" >&2
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# 32-bit wine (an i386 package, so apart from the list above), to test the 32-bit Excel add-in too.
"$here/install-xll-deps.sh"
