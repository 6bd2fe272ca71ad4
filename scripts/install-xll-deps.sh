#!/usr/bin/env bash
# Called by install-deps.sh: Debian's 32-bit wine (wine32:i386), so the tests run
# the 32-bit XLL (kpilot-x86.xll) as well as the 64-bit one. 32-bit Excel is still
# installed widely, and its build is the one whose floating point differs, so a
# machine that cannot run it cannot run the test suite: this fails loudly.
set -uo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
installed wine32:i386 && exit 0
if [ "$(dpkg --print-architecture 2>/dev/null)" != amd64 ]; then
  echo "The 32-bit XLL's tests need an amd64 Debian machine with wine32:i386; this is $(dpkg --print-architecture)." >&2
  exit 1
fi

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

dpkg --print-foreign-architectures | grep -qx i386 || $sudo dpkg --add-architecture i386
echo "Installing wine32:i386 to test the 32-bit XLL..." >&2
# A mirror in mid-sync fails one index and makes apt-get update exit non-zero;
# the install may still work from the indexes that did arrive, so try it anyway.
timeout 600 $sudo apt-get update -qq >/dev/null 2>&1
if timeout 1200 $sudo apt-get install -y -qq --no-install-recommends wine32:i386 >/dev/null; then
  echo "Installed wine32:i386: the 32-bit XLL is tested too." >&2
  exit 0
fi
echo "Could not install Debian's wine32:i386, which the 32-bit XLL's tests need." >&2
echo "Try: dpkg --add-architecture i386 && apt-get update && apt-get install wine32:i386" >&2
exit 1
