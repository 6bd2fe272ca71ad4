#!/usr/bin/env bash
# The main job on the embedded sample: installs what is missing, builds, and
# prints the KPI table for samples/channel_funnel.csv by channel.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
scripts/install-deps.sh
scripts/build.sh >/dev/null
build/cli/kpilot compute --data samples/channel_funnel.csv --by channel "$@"
