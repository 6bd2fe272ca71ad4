#!/usr/bin/env bash
# Every test: installs what is missing, builds with warnings as errors and runs
# CTest (the XLLs under wine included); then the sanitizer suite: the native
# code rebuilt with clang, ASan and UBSan, every native test again under them,
# and each libFuzzer harness for 30 s (scripts/sanitize.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
scripts/sanitize.sh
