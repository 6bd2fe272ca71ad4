#!/usr/bin/env bash
# The kpilot command as a script would use it: the sample's KPIs against an
# independent awk computation, exit codes, and rejected rows reported by place.
set -uo pipefail
kpilot="$1"
samples="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# 1. Click-through and lead-to-opportunity per channel and in total, from sums, checked by awk.
"$kpilot" compute --data "$samples/channel_funnel.csv" --by channel --format csv -o "$work/out.csv" 2>"$work/err" ||
  fail "compute on the sample exited $?"
grep -q "read 21 rows, used 21, rejected 0" "$work/err" || fail "row report: $(cat "$work/err")"
awk -F, 'NR > 1 { clicks[$2] += $8; imp[$2] += $7; opp[$2] += $12; leads[$2] += $9;
                  clicks["Total"] += $8; imp["Total"] += $7; opp["Total"] += $12; leads["Total"] += $9 }
         END { for (c in imp) { if (imp[c] > 0) printf "%s,click_through_rate,%.12g\n", c, clicks[c] / imp[c];
                                printf "%s,lead_to_opportunity_ratio,%.12g\n", c, opp[c] / leads[c] } }' \
  "$samples/channel_funnel.csv" > "$work/expected"
checked=0
# Long form: kpi,channel,level,value,...; the total row has an empty channel and level "total".
while IFS=, read -r channel kpi expected; do
  if [ "$channel" = "Total" ]; then
    actual=$(awk -F, -v k="$kpi" '$1 == k && $3 == "total" { print $4 }' "$work/out.csv")
  else
    actual=$(awk -F, -v c="$channel" -v k="$kpi" '$1 == k && $2 == c && $3 == "detail" { print $4 }' "$work/out.csv")
  fi
  awk -v a="$actual" -v e="$expected" 'BEGIN { d = a - e; if (d < 0) d = -d; exit !(a != "" && d <= 1e-9 * (e < 0 ? -e : e) + 1e-12) }' ||
    fail "$channel $kpi: kpilot says '$actual', awk says $expected"
  checked=$((checked + 1))
done < "$work/expected"
[ "$checked" -eq 8 ] || fail "expected 8 checked values, got $checked"
grep -q '^click_through_rate,Email,detail,,ratio,#DIV/0!,"impressions is zero' "$work/out.csv" || fail "Email CTR should be #DIV/0! with its reason"

# 2. A bad cell: reported with line and column, the run says so, exit code 3.
printf 'channel,clicks,impressions\nA,10,100\nB,"ten",100\nA,5,50\n' > "$work/bad.csv"
"$kpilot" compute --data "$work/bad.csv" --by channel > "$work/bad.out" 2> "$work/bad.err"
[ $? -eq 3 ] || fail "rejected rows should exit 3"
grep -q "line 3, column clicks: \"ten\" is not a number (row rejected)" "$work/bad.err" || fail "rejected row report: $(cat "$work/bad.err")"
grep -q "read 3 rows, used 2, rejected 1" "$work/bad.err" || fail "row count report"
grep -q "10.0%" "$work/bad.out" || fail "A's CTR should still be 15/150 = 10.0%"

# 3. --strict stops at the first bad row and prints no table.
"$kpilot" compute --data "$work/bad.csv" --strict > "$work/strict.out" 2> "$work/strict.err"
[ $? -eq 3 ] || fail "--strict should exit 3"
[ ! -s "$work/strict.out" ] || fail "--strict should print no table"

# 4. Usage and failure exit codes, errors on stderr.
"$kpilot" compute --data "$work/none.csv" > /dev/null 2> "$work/e1"
[ $? -eq 1 ] || fail "a missing file should exit 1"
grep -q "none.csv" "$work/e1" || fail "the error should name the missing file"
"$kpilot" compute --no-such-option > /dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown option should exit 2"
"$kpilot" compute --data "$samples/channel_funnel.csv" --by region > /dev/null 2> "$work/e3"
[ $? -eq 1 ] || fail "an unknown group column should exit 1"
grep -q 'no column "region" to group by' "$work/e3" || fail "the error should name the column"
"$kpilot" compute --help > "$work/help.txt"; grep -q -- "--decimal-comma" "$work/help.txt" || fail "--help should list the options"
"$kpilot" list --format json > "$work/list.json"; grep -q '"worksheet_name": "KPI.LEADTOOPP"' "$work/list.json" || fail "list --format json"

# 5. A model: the sales sample by source and quarter, win rate checked against awk over the raw rows.
"$kpilot" compute --model "$samples/sales/model.json" --data "$samples/sales/data.csv" --by source --grain quarter \
  --format csv -o "$work/sales.csv" 2> "$work/sales.err" || fail "sales sample exited $?"
expected=$(awk -F, 'NR > 1 && $2 >= "2026-07-01" && $2 < "2026-10-01" && $5 == "Inbound" { if ($4 == "won") w++; if ($4 == "lost") l++ }
                    END { printf "%.12g", w / (w + l) }' "$samples/sales/data.csv")
actual=$(awk -F, '$1 == "win_rate" && $3 == "2026-Q3" && $5 == "Inbound" && $6 == "detail" { print $7 }' "$work/sales.csv")
awk -v a="$actual" -v e="$expected" 'BEGIN { d = a - e; if (d < 0) d = -d; exit !(a != "" && d <= 1e-9) }' ||
  fail "sales win rate, Inbound 2026-Q3: kpilot says '$actual', awk says $expected"

# 6. xlsx: a workbook with the KPIs and Details tables, percent formats, frozen header.
"$kpilot" compute --model "$samples/marketing/model.json" --data "$samples/marketing/data.csv" --by channel \
  --grain month --format xlsx -o "$work/m.xlsx" 2> /dev/null
[ $? -eq 3 ] || fail "the marketing sample has one bad row: exit 3"
python3 - "$work/m.xlsx" <<'PY' || fail "xlsx structure"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
workbook = z.read("xl/workbook.xml").decode()
assert 'name="KPIs"' in workbook and 'name="Details"' in workbook, workbook
tables = z.read("xl/tables/table1.xml").decode() + z.read("xl/tables/table2.xml").decode()
assert 'displayName="KPIs"' in tables and "<autoFilter" in tables, tables[:300]
assert 'name="click_through_rate"' in tables
assert 'formatCode="0.0%"' in z.read("xl/styles.xml").decode()
assert "<pane " in z.read("xl/worksheets/sheet1.xml").decode()
PY

# 7. check: a broken model lists its problems with their places, exit 1; a good one passes.
printf '{"measures": {"spend": {"aggregate": "sum", "column": "spend"}}, "kpis": {"cpc": "spend / clickz"}}' > "$work/bad.json"
"$kpilot" check --model "$work/bad.json" 2> "$work/check.err"
[ $? -eq 1 ] || fail "check on a broken model should exit 1"
grep -q "bad.json: kpi 'cpc', formula column 9: unknown name 'clickz'" "$work/check.err" || fail "check message: $(cat "$work/check.err")"
"$kpilot" check --model "$samples/sales/model.json" --data "$samples/sales/data.csv" --by region --grain month > "$work/check.out" ||
  fail "check on the sales sample"
grep -q "ok, 8 measures, 5 KPIs" "$work/check.out" || fail "check summary: $(cat "$work/check.out")"

if [ "$failures" -eq 0 ]; then echo "kpilot command: all checks passed"; exit 0; fi
exit 1
