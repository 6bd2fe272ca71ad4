#!/usr/bin/env bash
# Runs one libFuzzer harness as a test: first every checked-in regression input
# (each once), then fuzzing for SECONDS over a fresh copy of the seed corpora.
# Any crash, sanitizer report, timeout, out-of-memory or leak fails the test
# and leaves the input in WORKDIR/artifacts, to be checked in as a regression.
#
#   run_fuzzer.sh EXE NAME SECONDS WORKDIR [--max-len N] [--dict FILE] -- SEED_DIR...
#
# SECONDS 0 replays the regressions only; a negative SECONDS fuzzes until stopped.
set -uo pipefail
exe=$1 name=$2 seconds=$3 work=$4
shift 4
max_len=65536 dict=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  case "$1" in
    --max-len) max_len=$2; shift 2 ;;
    --dict) dict=(-dict="$2"); shift 2 ;;
    *) echo "FAILED: run_fuzzer.sh: unknown option $1"; exit 2 ;;
  esac
done
[ "${1:-}" = -- ] && shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
regressions="$here/regressions/$name"

# Sanitizers: stop at the first report; leaks count (third-party ones are suppressed, with reasons).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$here/../sanitizers/lsan.supp:print_suppressions=0}"

# Bounds for one input: 10 s is a hang, 2 GB of memory (or one 1 GB allocation) is runaway.
limits=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len="$max_len")

mkdir -p "$work/artifacts"
if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
  count=$(find "$regressions" -type f | wc -l)
  if ! "$exe" "${limits[@]}" -runs=1 $(find "$regressions" -type f | sort) >"$work/regressions.log" 2>&1; then
    tail -60 "$work/regressions.log"
    echo "FAILED: fuzz $name: a checked-in regression input fails again (log: $work/regressions.log)"
    exit 1
  fi
  echo "fuzz $name: $count regression inputs pass"
fi
[ "$seconds" = 0 ] && exit 0

# A fresh corpus each run, so a test run never depends on the last one.
rm -rf "$work/corpus"
mkdir -p "$work/corpus"
seeds=()
for d in "$@"; do [ -d "$d" ] && seeds+=("$d"); done
time_option=(-max_total_time="$seconds")
[ "$seconds" -lt 0 ] && time_option=()
"$exe" "${limits[@]}" "${dict[@]}" "${time_option[@]}" -print_final_stats=1 -close_fd_mask=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "${seeds[@]}" >"$work/fuzz.log" 2>&1
status=$?
executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/fuzz.log" | grep -o '[0-9]*$' | tail -1)
coverage=$(grep -oE '(INITED|DONE|pulse|REDUCE|NEW) +cov: [0-9]+ ft: [0-9]+' "$work/fuzz.log" | tail -1 | sed -E 's/^[A-Z]+ +//')
corpus=$(find "$work/corpus" -type f | wc -l)
if [ $status -ne 0 ]; then
  grep -B2 -A40 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|==ERROR' "$work/fuzz.log" | head -80
  echo "FAILED: fuzz $name: a finding after ${executions:-?} executions; input saved in $work/artifacts/ (check it into tests/fuzz/regressions/$name/ with the fix)"
  exit 1
fi
echo "fuzz $name: ${executions:-?} executions in ${seconds} s, ${coverage:-cov ?}, corpus $corpus inputs, no findings"
