#!/usr/bin/env bash
# The main job on the embedded sample: installs what is missing, builds, then
# computes the marketing sample's KPIs by channel and month against its targets.
# Prints the table and writes the KPI dataset to out/ (CSV and an Excel table)
# and a template workbook (live KPI formulas, charts, targets), then attributes
# the sample journeys' conversions to channels with every attribution model.
# With --serve it then serves every sample as an OData feed for Power BI at
# http://127.0.0.1:8750/odata/ until Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
serve=false
[ "${1:-}" = "--serve" ] && serve=true
scripts/install-deps.sh
scripts/build.sh >/dev/null
mkdir -p out
sample=(--model samples/marketing/model.json --data samples/marketing/data.csv
        --by channel --grain month --targets samples/marketing/targets.csv)
# Exit code 3 means "done, with rejected rows reported": the sample holds one bad row on purpose.
allow_rejected() { "$@" || [ $? -eq 3 ]; }
allow_rejected build/cli/kpilot compute "${sample[@]}"
allow_rejected build/cli/kpilot compute "${sample[@]}" --format csv -o out/marketing_kpis.csv 2>/dev/null
allow_rejected build/cli/kpilot compute "${sample[@]}" --format xlsx -o out/marketing_kpis.xlsx 2>/dev/null
allow_rejected build/cli/kpilot template --kind marketing --model samples/marketing/model.json \
  --data samples/marketing/data.csv --targets samples/marketing/targets.csv -o out/marketing_template.xlsx 2>/dev/null
build/cli/kpilot attribute --touchpoints samples/attribution/touchpoints.csv --models all
build/cli/kpilot attribute --touchpoints samples/attribution/touchpoints.csv --format csv -o out/attribution.csv 2>/dev/null
build/cli/kpilot attribute --touchpoints samples/attribution/touchpoints.csv --format xlsx -o out/attribution.xlsx 2>/dev/null
echo "KPI dataset written to out/marketing_kpis.csv and out/marketing_kpis.xlsx;" \
     "template workbook to out/marketing_template.xlsx; attribution to out/attribution.csv and out/attribution.xlsx" >&2
if $serve; then
  echo "Power BI: Get Data -> OData feed -> http://127.0.0.1:8750/odata/ (Ctrl-C stops the bridge)" >&2
  exec build/powerbi-connector/kpilot-bridge --data samples --port 8750
fi
