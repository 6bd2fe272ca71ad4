# What every benchmark script shares: a scratch folder outside the repository,
# Debian packages and bench/'s npm packages installed when missing, kpilot
# built, and each engine timed as a whole process with its peak memory.
# Sourced by bench/*/run.sh after they set `here` (their folder).
#
#   bench_rows ARG MINIMUM               sets $rows from the script's argument (or exits 2 with the usage)
#   bench_scratch DEFAULT_DIR            sets $scratch (KPILOT_BENCH_DIR wins), with out/ in it
#   bench_install_missing PKG...         apt-get installs the Debian packages given
#   bench_npm_ci                         npm ci in bench/ when node_modules is not the locked tree
#   bench_install_duckdb_and_pandas      what the DuckDB (Node) and pandas peers and the generators need
#   bench_build_kpilot                   sets $kpilot and $build_type (KPILOT_BUILD_DIR: another build tree)
#   bench_run NAME RUNS CMD...           runs CMD RUNS times; keeps best_seconds[NAME] and peak_kb_of[NAME]

repo="$(cd "$here/../.." && pwd)"
# Debian's python packages (pandas, openpyxl) through /usr/bin/python3: a pyenv
# or venv python first on PATH would not see them.
python=/usr/bin/python3

fail() { echo "bench: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

bench_rows() {
  rows="$1"
  if ! [[ "$rows" =~ ^[0-9]+$ ]] || [ "$rows" -lt "$2" ]; then
    echo "usage: $0 [ROWS]   (ROWS a whole number, at least $2)" >&2
    exit 2
  fi
}

bench_scratch() {
  scratch="${KPILOT_BENCH_DIR:-$1}"
  mkdir -p "$scratch/out"
  scratch="$(cd "$scratch" && pwd)"
  case "$scratch/" in
    "$repo"/*) echo "KPILOT_BENCH_DIR must be outside the repository, got $scratch" >&2; exit 2 ;;
  esac
}

bench_install_missing() {
  [ $# -gt 0 ] || return 0
  say "installing $*"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # A mirror mid-sync fails one index of many; the packages are usually still there.
  $sudo apt-get update -qq || echo "bench: apt-get update reported errors; trying the install anyway" >&2
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# npm ci only when the installed tree is not the locked one: it deletes and
# refetches node_modules every time it runs.
bench_npm_ci() {
  if ! cmp -s "$repo/bench/package-lock.json" "$repo/bench/node_modules/.package-lock.json.ci" 2>/dev/null; then
    say "npm ci in bench/"
    (cd "$repo/bench" && npm ci --no-audit --no-fund --loglevel=error >&2)
    cp "$repo/bench/package-lock.json" "$repo/bench/node_modules/.package-lock.json.ci"
  fi
}

# Debian's pandas, not pip's: the benchmarks compare against what a Debian analyst has.
bench_install_duckdb_and_pandas() {
  local missing=()
  [ -x /usr/bin/time ] || missing+=(time)
  [ -x "$python" ] && "$python" -c 'import pandas' 2>/dev/null || missing+=(python3-pandas)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  command -v g++ >/dev/null || missing+=(g++)
  bench_install_missing "${missing[@]}"
  bench_npm_ci
}

bench_build_kpilot() {
  local build="${KPILOT_BUILD_DIR:-$repo/build}"
  if [ ! -f "$build/build.ninja" ]; then
    say "configuring $build"
    "$repo/scripts/install-deps.sh"
    cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKPILOT_WERROR=ON >/dev/null
  fi
  cmake --build "$build" --target kpilot >/dev/null
  kpilot="$build/cli/kpilot"
  build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")"
}

# Each run is a whole process under /usr/bin/time: start-up, reading, computing
# and writing the result are all in the seconds, as a user waits for them.
# Sets $seconds and $peak_kb; a failing engine stops the benchmark with its stderr.
bench_timed() {
  local name="$1"; shift
  local times="$scratch/out/$name.time" log="$scratch/out/$name.log"
  /usr/bin/time -f "%e %M" -o "$times" "$@" >/dev/null 2>"$log" ||
    { cat "$log" >&2; fail "$name failed: $*"; }
  read -r seconds peak_kb <"$times"
}

declare -A best_seconds peak_kb_of runs_of
# Best time of the runs (the least disturbed one); peak memory is the largest seen.
bench_run() {
  local name="$1" runs="$2" i; shift 2
  for ((i = 1; i <= runs; i++)); do
    bench_timed "$name" "$@"
    runs_of[$name]=$(( ${runs_of[$name]:-0} + 1 ))
    say "$name run ${runs_of[$name]}: ${seconds} s, $((peak_kb / 1024)) MB"
    if [ -z "${best_seconds[$name]:-}" ] || awk -v a="$seconds" -v b="${best_seconds[$name]}" 'BEGIN { exit !(a < b) }'; then
      best_seconds[$name]="$seconds"
    fi
    [ "$peak_kb" -gt "${peak_kb_of[$name]:-0}" ] && peak_kb_of[$name]="$peak_kb"
  done
  return 0
}
