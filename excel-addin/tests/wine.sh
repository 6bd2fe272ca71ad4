#!/usr/bin/env bash
# Runs the XLL's test host and benchmark under wine, headless, in a prefix of
# their own under the build directory.
#
#   wine.sh start PREFIX                      create or reuse the prefix, start its server (CTest fixture)
#   wine.sh run   PREFIX ARCH PROGRAM ARGS…   run a test program; fails when this wine cannot run ARCH
#   wine.sh bench PREFIX ARCH PROGRAM ARGS…   the same, but a missing 32-bit wine is no error
#   wine.sh stop  PREFIX                      stop the prefix's server
#
# Wine's helper processes inherit stdout and keep a pipe open for seconds, or
# for good while a persistent server runs. So the server and the prefix are
# started once with stdin and stdout closed, and programs write to a file that
# is printed once they exit.
set -uo pipefail

command=${1:?usage: wine.sh start|run|bench|stop PREFIX ...}
export WINEPREFIX=${2:?missing the wine prefix}
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="  # no Mono or Gecko install prompts
shift 2

# Debian's 32-bit wine (wine32:i386) installs this loader; without it, wine runs 64-bit programs only.
has_wine32() { [ -x /usr/lib/wine/wine ] || [ -d /usr/lib/i386-linux-gnu/wine ]; }

case "$command" in
  start)
    # A prefix made before wine32 was installed (or by another wine) lacks the 32-bit side: remake it.
    stamp="$(wine --version 2>/dev/null) 32-bit:$(has_wine32 && echo yes || echo no)"
    if [ "$(cat "$WINEPREFIX/kpilot-stamp" 2>/dev/null)" != "$stamp" ]; then
      wineserver -k </dev/null >/dev/null 2>&1
      rm -rf "$WINEPREFIX"
    fi
    mkdir -p "$WINEPREFIX"
    # Persistent for 60 s after the last program exits: stays up between tests, never for good.
    wineserver -p60 </dev/null >/dev/null 2>&1
    if ! wine wineboot --init </dev/null >/dev/null 2>&1; then
      echo "FAILED: wineboot could not prepare $WINEPREFIX"
      exit 1
    fi
    echo "$stamp" >"$WINEPREFIX/kpilot-stamp"
    echo "wine prefix ready: $WINEPREFIX ($stamp)"
    ;;
  stop)
    wineserver -k </dev/null >/dev/null 2>&1
    echo "wine prefix stopped: $WINEPREFIX"
    exit 0
    ;;
  run | bench)
    arch=${1:?missing the architecture}
    program=${2:?missing the program}
    shift 2
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    wine "$program" "$@" </dev/null >"$log" 2>&1
    status=$?
    cat "$log"
    if [ "$arch" = x86 ] && ! has_wine32 && ! grep -qE '^[0-9]+ passed, [0-9]+ failed|^kpilot XLL benchmark' "$log"; then
      # A failure, not a skip: the 32-bit build is the one whose floating point can differ.
      echo "FAILED: this machine's wine cannot run 32-bit Windows programs, so $(basename "$program") did not run."
      echo "Install Debian's wine32:i386 (scripts/install-xll-deps.sh does) to test the 32-bit XLL."
      [ "$command" = bench ] && exit 0
      exit 1
    fi
    if [ $status -ne 0 ]; then
      echo "FAILED: $(basename "$program") exited with code $status under wine"
      exit 1
    fi
    ;;
  *)
    echo "usage: wine.sh start|run|bench|stop PREFIX ..." >&2
    exit 2
    ;;
esac
