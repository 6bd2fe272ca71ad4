#!/usr/bin/env bash
# The attribution benchmark in one command: ROWS paths over 20 channels,
# attributed by kpilot with every model, by DuckDB in SQL with the rule-based
# models and by pandas/numpy with the first-order Markov model, in the same run;
# checked to agree, timed end to end with peak memory. See README.md beside this.
#
#   bench/attribution/run.sh [ROWS]       ROWS defaults to 1,000,000
#
# KPILOT_BENCH_DIR (default /tmp/kpilot-bench-attribution) holds the data and
# the outputs, which must never land in the repository.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../lib.sh"
bench_rows "${1:-1000000}" 100
bench_scratch /tmp/kpilot-bench-attribution

bench_install_duckdb_and_pandas
bench_build_kpilot

# --- Data: cached by row count and by the generator's source ----------------------
generator_id="$(sha256sum "$here/generate_paths.cpp" | cut -c1-12)"
generator="$scratch/generate_paths-$generator_id"
[ -x "$generator" ] || g++ -O2 -std=c++20 -o "$generator" "$here/generate_paths.cpp"
paths_file() { echo "$scratch/paths-$1-$generator_id.csv"; }
generate() {
  local file
  file="$(paths_file "$1")"
  [ -f "$file" ] && return 0
  say "generating $1 paths into $file"
  "$generator" "$1" >"$file.part"
  mv "$file.part" "$file"
}
small_rows=$(( rows / 10 ))
generate "$rows"
generate "$small_rows"
paths="$(paths_file "$rows")"
cat "$paths" >/dev/null  # every engine reads it from the page cache

# --- Runs ---------------------------------------------------------------------------
out="$scratch/out"
bench_run kpilot 3 "$kpilot" attribute --paths "$paths" --models all --format csv -o "$out/kpilot.csv"
bench_run kpilot_rule_based 3 "$kpilot" attribute --paths "$paths" --format csv -o "$out/kpilot_rule_based.csv" \
  --models first_touch,last_touch,last_non_direct_touch,linear,position_based,time_decay,w_shaped
bench_run kpilot_markov 3 "$kpilot" attribute --paths "$paths" --models markov --format csv -o "$out/kpilot_markov.csv"
bench_run duckdb 3 node "$here/duckdb_rule_based.mjs" "$paths" "$out/duckdb.csv"
duckdb_about="$(grep -o 'duckdb v.*' "$out/duckdb.log" | tail -1)"
bench_run pandas 3 "$python" "$here/pandas_markov.py" "$paths" "$out/pandas.csv"
pandas_version="$("$python" -c 'import pandas, numpy; print(pandas.__version__, "/ numpy", numpy.__version__)')"

say "checking that the engines agree"
"$python" "$here/compare.py" "$out/kpilot.csv" "$out/duckdb.csv" "$out/pandas.csv" >"$out/compare.txt" ||
  fail "the engines DISAGREE (outputs in $out)"

# Memory must follow the channels, not the paths.
bench_run kpilot_small 1 "$kpilot" attribute --paths "$(paths_file "$small_rows")" --format csv -o "$out/kpilot_small.csv"

# --- Report ---------------------------------------------------------------------------
echo
echo "$rows paths over 20 channels ($(du -m "$paths" | cut -f1) MB CSV), $(nproc) cores"
echo "kpilot: $build_type build, 1 thread; DuckDB ${duckdb_about#duckdb }; pandas $pandas_version"
echo "best of 3 runs; peak RSS is the largest of the runs; $(cat "$out/compare.txt")"
echo
awk -v k="${best_seconds[kpilot]}" -v km="${peak_kb_of[kpilot]}" \
    -v kr="${best_seconds[kpilot_rule_based]}" -v krm="${peak_kb_of[kpilot_rule_based]}" \
    -v d="${best_seconds[duckdb]}" -v dm="${peak_kb_of[duckdb]}" \
    -v m="${best_seconds[kpilot_markov]}" -v mm="${peak_kb_of[kpilot_markov]}" \
    -v p="${best_seconds[pandas]}" -v pm="${peak_kb_of[pandas]}" '
# A run too short to time (under a hundredth of a second) has no ratio.
function ratio(peer, ours) { return ours > 0 ? sprintf("%.2fx", peer / ours) : "-" }
BEGIN {
  fmt = "%-44s %9s %9s %12s\n"
  printf fmt, "what", "seconds", "peak MB", "vs kpilot"
  printf "%-44s %9.2f %9.0f %12s\n", "kpilot, all 9 models", k, km / 1024, ""
  printf "%-44s %9.2f %9.0f %12s\n", "kpilot, the 7 rule-based models", kr, krm / 1024, ""
  printf "%-44s %9.2f %9.0f %12s\n", "DuckDB SQL, the 7 rule-based models", d, dm / 1024, ratio(d, kr)
  printf "%-44s %9.2f %9.0f %12s\n", "kpilot, Markov (first order)", m, mm / 1024, ""
  printf "%-44s %9.2f %9.0f %12s\n", "pandas/numpy, Markov (first order)", p, pm / 1024, ratio(p, m)
}'
echo
echo "kpilot peak RSS: $((peak_kb_of[kpilot_small] / 1024)) MB at $small_rows paths, $((peak_kb_of[kpilot] / 1024)) MB at $rows paths"
