#!/usr/bin/env bash
# The dataset benchmark in one command: ten KPIs by channel and month from one
# generated CSV, computed by kpilot, DuckDB and pandas, checked to agree, timed
# end to end with peak memory. See README.md beside this file.
#
#   bench/datasets/run.sh [ROWS]          ROWS defaults to 10,000,000
#
# KPILOT_BENCH_DIR (default /tmp/kpilot-bench) holds the data and the engines'
# outputs: hundreds of megabytes that must never land in the repository.
set -euo pipefail

rows="${1:-10000000}"
if ! [[ "$rows" =~ ^[0-9]+$ ]] || [ "$rows" -lt 10 ]; then
  echo "usage: $0 [ROWS]   (ROWS a whole number, at least 10)" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
scratch="${KPILOT_BENCH_DIR:-/tmp/kpilot-bench}"
mkdir -p "$scratch/out"
scratch="$(cd "$scratch" && pwd)"
case "$scratch/" in
  "$repo"/*) echo "KPILOT_BENCH_DIR must be outside the repository, got $scratch" >&2; exit 2 ;;
esac
fail() { echo "bench: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

# --- What the engines need ----------------------------------------------------
# Debian's pandas, not pip's: the issue compares against what a Debian analyst
# has. /usr/bin/python3 because a pyenv or venv python first on PATH would not
# see Debian's packages.
python=/usr/bin/python3
missing=()
[ -x /usr/bin/time ] || missing+=(time)
[ -x "$python" ] && "$python" -c 'import pandas' 2>/dev/null || missing+=(python3-pandas)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v g++ >/dev/null || missing+=(g++)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # A mirror mid-sync fails one index of many; the packages are usually still there.
  $sudo apt-get update -qq || echo "bench: apt-get update reported errors; trying the install anyway" >&2
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# npm ci only when the installed tree is not the locked one: it deletes and
# refetches node_modules every time it runs.
if ! cmp -s "$repo/bench/package-lock.json" "$repo/bench/node_modules/.package-lock.json.ci" 2>/dev/null; then
  say "npm ci in bench/"
  (cd "$repo/bench" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$repo/bench/package-lock.json" "$repo/bench/node_modules/.package-lock.json.ci"
fi

if [ ! -f "$repo/build/build.ninja" ]; then
  say "configuring build/"
  "$repo/scripts/install-deps.sh"
  cmake -S "$repo" -B "$repo/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKPILOT_WERROR=ON >/dev/null
fi
cmake --build "$repo/build" --target kpilot >/dev/null
kpilot="$repo/build/cli/kpilot"
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$repo/build/CMakeCache.txt")"

# --- Data -----------------------------------------------------------------------
# Cached by row count and by the generator's source, so a changed generator never
# reuses a stale file.
generator_src="$here/generate_facts.cpp"
generator_id="$(sha256sum "$generator_src" | cut -c1-12)"
generator="$scratch/generate_facts-$generator_id"
[ -x "$generator" ] || g++ -O2 -std=c++20 -o "$generator" "$generator_src"

facts_file() { echo "$scratch/facts-$1-$generator_id.csv"; }
generate() {
  local n="$1" file
  file="$(facts_file "$n")"
  [ -f "$file" ] && return 0
  # About 58 bytes a row; keep a margin so a full disk is a message, not a truncated file.
  local need_kb=$(( n * 64 / 1024 + 65536 )) free_kb
  free_kb="$(df -Pk "$scratch" | awk 'NR == 2 { print $4 }')"
  [ "$free_kb" -ge "$need_kb" ] ||
    fail "$n rows need about $((need_kb / 1024)) MB in $scratch, only $((free_kb / 1024)) MB free"
  say "generating $n rows into $file"
  "$generator" "$n" "$file.part"
  mv "$file.part" "$file"
}
small_rows=$(( rows / 10 ))
generate "$rows"
generate "$small_rows"
facts="$(facts_file "$rows")"
small_facts="$(facts_file "$small_rows")"
# Every engine reads the file from the page cache, so the first one timed does not
# also pay for the disk.
cat "$facts" >/dev/null

# --- Runs -------------------------------------------------------------------------
# Each run is a whole process under /usr/bin/time: start-up, reading, grouping and
# writing the result file are all in the seconds, as a user waits for them.
# Sets $seconds and $peak_kb; a failing engine stops the benchmark with its stderr.
timed() {
  local name="$1"; shift
  local times="$scratch/out/$name.time" log="$scratch/out/$name.log"
  /usr/bin/time -f "%e %M" -o "$times" "$@" >/dev/null 2>"$log" ||
    { cat "$log" >&2; fail "$name failed: $*"; }
  read -r seconds peak_kb <"$times"
}

declare -A best_seconds peak_kb_of runs_of
# Best time of the runs (the least disturbed one); peak memory is the largest seen.
run_engine() {
  local name="$1" runs="$2"; shift 2
  local i
  for ((i = 1; i <= runs; i++)); do
    timed "$name" "$@"
    runs_of[$name]=$(( ${runs_of[$name]:-0} + 1 ))
    say "$name run ${runs_of[$name]}: ${seconds} s, $((peak_kb / 1024)) MB"
    if [ -z "${best_seconds[$name]:-}" ] || awk -v a="$seconds" -v b="${best_seconds[$name]}" 'BEGIN { exit !(a < b) }'; then
      best_seconds[$name]="$seconds"
    fi
    [ "$peak_kb" -gt "${peak_kb_of[$name]:-0}" ] && peak_kb_of[$name]="$peak_kb"
  done
  return 0
}

out="$scratch/out"
kpilot_args=(compute --model "$here/model.json" --by channel --grain month --no-subtotals --format csv)
run_engine kpilot 3 "$kpilot" "${kpilot_args[@]}" --data "$facts" -o "$out/kpilot.csv"
run_engine duckdb 3 node "$here/duckdb_kpis.mjs" "$facts" "$out/duckdb.csv"
duckdb_about="$(grep -o 'duckdb v.*' "$out/duckdb.log" | tail -1)"
# pandas takes many times longer; one run says enough unless it is quick.
run_engine pandas 1 "$python" "$here/pandas_kpis.py" "$facts" "$out/pandas.csv"
if awk -v s="${best_seconds[pandas]}" 'BEGIN { exit !(s < 20) }'; then
  run_engine pandas 2 "$python" "$here/pandas_kpis.py" "$facts" "$out/pandas.csv"
fi
pandas_version="$("$python" -c 'import pandas; print(pandas.__version__)')"

say "checking that the engines agree"
"$python" "$here/compare.py" "$out/kpilot.csv" duckdb="$out/duckdb.csv" pandas="$out/pandas.csv" ||
  fail "the engines DISAGREE (outputs in $out)"

# Memory must follow the number of groups, not of rows: the same 192 groups from
# a tenth of the rows should need about the same memory.
run_engine kpilot_small 1 "$kpilot" "${kpilot_args[@]}" --data "$small_facts" -o "$out/kpilot_small.csv"

# --- Report ---------------------------------------------------------------------
echo
echo "$rows rows ($(du -m "$facts" | cut -f1) MB CSV), 10 KPIs by channel x month, $(nproc) cores"
echo "kpilot: $build_type build, 1 thread; DuckDB ${duckdb_about#duckdb }; pandas $pandas_version, 1 thread"
echo "best of 3 runs (pandas: best of those run); peak RSS is the largest of the runs"
echo
awk -v k_s="${best_seconds[kpilot]}" -v k_m="${peak_kb_of[kpilot]}" \
    -v d_s="${best_seconds[duckdb]}" -v d_m="${peak_kb_of[duckdb]}" \
    -v p_s="${best_seconds[pandas]}" -v p_m="${peak_kb_of[pandas]}" 'BEGIN {
  fmt = "%-8s %9s %9s %14s %14s\n"
  printf fmt, "engine", "seconds", "peak MB", "time / kpilot", "memory / kpilot"
  row("kpilot", k_s, k_m); row("duckdb", d_s, d_m); row("pandas", p_s, p_m)
}
function row(name, s, m) {
  printf "%-8s %9.2f %9.0f %14.2f %14.2f\n", name, s, m / 1024, s / k_s, m / k_m
}'
echo
echo "kpilot peak RSS: $((peak_kb_of[kpilot_small] / 1024)) MB at $small_rows rows, $((peak_kb_of[kpilot] / 1024)) MB at $rows rows"
