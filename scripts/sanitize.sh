#!/usr/bin/env bash
# The sanitizer suite: builds the native code with clang, ASan and UBSan (and
# the libFuzzer harnesses) into build-sanitize/, then runs every native test
# under the sanitizers and each fuzzer for KPILOT_FUZZ_SECONDS (30 by default).
# Any report, leaks included, fails. The XLLs are tested under wine by the
# main build; their XLOPER12 conversion runs here natively.
#
#   scripts/sanitize.sh              build and run it all (./test.sh runs this)
#   scripts/sanitize.sh -R fuzz_     any further arguments go to ctest
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-sanitize"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKPILOT_WERROR=ON \
  -DCMAKE_CXX_COMPILER=clang++ -DKPILOT_FUZZ=ON -DKPILOT_BUILD_XLL=OFF \
  -DKPILOT_FUZZ_SECONDS="${KPILOT_FUZZ_SECONDS:-30}" >/dev/null
# Before the build too: it runs kpilot to write the sample templates.
# shellcheck source=../tests/sanitizers/environment.sh
source "$root/tests/sanitizers/environment.sh"
cmake --build "$build" --parallel "$(nproc)"
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)" "$@"
