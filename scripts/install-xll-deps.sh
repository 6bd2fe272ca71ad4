#!/usr/bin/env bash
# Best effort, called by install-deps.sh: Debian's 32-bit wine (wine32:i386),
# so the tests also run the 32-bit XLL (kpilot-x86.xll). It never fails the
# install: without wine32 that one test reports itself skipped, with the reason.
set -uo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
installed wine32:i386 && exit 0
[ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] || exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo -n"
export DEBIAN_FRONTEND=noninteractive

added_i386=no
if ! dpkg --print-foreign-architectures | grep -qx i386; then
  $sudo dpkg --add-architecture i386 && added_i386=yes
fi
echo "Installing wine32:i386 to test the 32-bit XLL (optional)..." >&2
# A mirror in mid-sync fails one index and makes apt-get update exit non-zero;
# the install may still work from the indexes that did arrive, so try it anyway.
timeout 300 $sudo apt-get update -qq >/dev/null 2>&1
if timeout 900 $sudo apt-get install -y -qq --no-install-recommends wine32:i386 >/dev/null 2>&1; then
  echo "Installed wine32:i386: the 32-bit XLL is tested too." >&2
  exit 0
fi
echo "Could not install wine32:i386; the 32-bit XLL's test will report itself skipped." >&2
# An i386 architecture added here whose packages cannot be installed would only slow
# down, or break, every later apt-get update: take it back while nothing uses it.
if [ "$added_i386" = yes ] && ! dpkg-query -W -f='${Architecture}\n' 2>/dev/null | grep -qx i386; then
  $sudo dpkg --remove-architecture i386 || true
fi
exit 0
