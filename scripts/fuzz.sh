#!/usr/bin/env bash
# Fuzzes kpilot's parsers for as long as you like (CTest runs each for 30 s).
#
#   scripts/fuzz.sh                    every harness, 10 minutes each
#   scripts/fuzz.sh -t 3600 odata_query  one harness for an hour (-t -1: until Ctrl-C)
#
# Harnesses: csv_dataset kpi_model targets attribution_paths attribution_touchpoints
# odata_query http_request xloper_arguments (tests/fuzz/NAME_fuzzer.cpp).
# Builds build-sanitize/ first (clang, ASan, UBSan, libFuzzer). The corpus grown
# in build-sanitize/tests/fuzz/NAME/corpus is started afresh each run; a finding
# stops the run and leaves the input in build-sanitize/tests/fuzz/NAME/artifacts/:
# fix it, then check the input into tests/fuzz/regressions/NAME/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=600
if [ "${1:-}" = -t ]; then seconds=$2; shift 2; fi
build="$root/build-sanitize"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKPILOT_WERROR=ON \
  -DCMAKE_CXX_COMPILER=clang++ -DKPILOT_FUZZ=ON -DKPILOT_BUILD_XLL=OFF >/dev/null
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  mapfile -t names < <(cd "$root/tests/fuzz" && ls ./*_fuzzer.cpp | sed -e 's|^\./||' -e 's/_fuzzer\.cpp$//')
fi
cmake --build "$build" --parallel "$(nproc)" --target "${names[@]/#/fuzz_}"
source "$root/tests/sanitizers/environment.sh"
status=0
for name in "${names[@]}"; do
  # The command line CTest runs (seeds, dictionary, bounds), with our time instead of its 30 s.
  line=$(ctest --test-dir "$build" -N -V -R "^fuzz_${name}\$" | sed -n 's/^[0-9]*: Test command: //p' | head -1)
  if [ -z "$line" ]; then echo "no harness named $name" >&2; status=1; continue; fi
  eval "command=($line)"
  command[3]=$seconds
  "${command[@]}" || status=1
done
exit $status
