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

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../lib.sh"
bench_rows "${1:-10000000}" 10
bench_scratch /tmp/kpilot-bench

bench_install_duckdb_and_pandas
bench_build_kpilot

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
out="$scratch/out"
kpilot_args=(compute --model "$here/model.json" --by channel --grain month --no-subtotals --format csv)
bench_run kpilot 3 "$kpilot" "${kpilot_args[@]}" --data "$facts" -o "$out/kpilot.csv"
bench_run duckdb 3 node "$here/duckdb_kpis.mjs" "$facts" "$out/duckdb.csv"
duckdb_about="$(grep -o 'duckdb v.*' "$out/duckdb.log" | tail -1)"
# pandas takes many times longer; one run says enough unless it is quick.
bench_run pandas 1 "$python" "$here/pandas_kpis.py" "$facts" "$out/pandas.csv"
if awk -v s="${best_seconds[pandas]}" 'BEGIN { exit !(s < 20) }'; then
  bench_run pandas 2 "$python" "$here/pandas_kpis.py" "$facts" "$out/pandas.csv"
fi
pandas_version="$("$python" -c 'import pandas; print(pandas.__version__)')"

say "checking that the engines agree"
"$python" "$here/compare.py" "$out/kpilot.csv" duckdb="$out/duckdb.csv" pandas="$out/pandas.csv" ||
  fail "the engines DISAGREE (outputs in $out)"

# Memory must follow the number of groups, not of rows: the same 192 groups from
# a tenth of the rows should need about the same memory.
bench_run kpilot_small 1 "$kpilot" "${kpilot_args[@]}" --data "$small_facts" -o "$out/kpilot_small.csv"

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
