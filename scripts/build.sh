#!/usr/bin/env bash
# Configures and builds kpilot into build/ (warnings are errors).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKPILOT_WERROR=ON >/dev/null
cmake --build "$root/build" --parallel "$(nproc)"
