#!/usr/bin/env bash
# Compares what the 64-bit and the 32-bit host got from their XLLs, case by
# case and bit by bit (each line: a case, a tab, its result spelled by
# fake::bits_of), and names the first case that differs.
#
#   compare_results.sh host-results-x64.txt host-results-x86.txt
set -uo pipefail

x64=${1:?usage: compare_results.sh X64_RESULTS X86_RESULTS}
x86=${2:?usage: compare_results.sh X64_RESULTS X86_RESULTS}
for f in "$x64" "$x86"; do
  if [ ! -s "$f" ]; then
    echo "FAILED: $f is missing or empty: its host did not run to the end"
    exit 1
  fi
done

awk -F '\t' '
  NR == FNR { x64_case[FNR] = $1; x64_bits[FNR] = $2; x64_lines = FNR; next }
  {
    x86_lines = FNR
    if (differ) next
    if (!(FNR in x64_case) || x64_case[FNR] != $1) {
      printf "FAILED: result %d is %s on x86 but %s on x64: the hosts ran different cases\n", FNR, $1, (FNR in x64_case ? x64_case[FNR] : "nothing")
      differ = 1
    } else if (x64_bits[FNR] != $2) {
      printf "FAILED: %s differs: x64 gives %s, x86 gives %s\n", $1, x64_bits[FNR], $2
      differ = 1
    } else {
      numbers += gsub(/n:[0-9a-f]+/, "&", $2)
    }
  }
  END {
    if (differ) exit 1
    if (x86_lines != x64_lines) {
      printf "FAILED: x64 gave %d results and x86 %d\n", x64_lines, x86_lines
      exit 1
    }
    printf "%d results (%d numbers in all) are bit for bit the same from kpilot-x64.xll and kpilot-x86.xll\n", x86_lines, numbers
  }' "$x64" "$x86"
