#!/usr/bin/env bash
# kpilot attribute end to end, as a user runs it: the shipped samples in every
# format (sums equal the totals, the errors a user sees), malformed inputs
# reported with line and column, and the exit codes scripts rely on.
set -uo pipefail
kpilot="$1"
samples="$2"
python="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # check "what" command...
  local what="$1"; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}
exit_is() { [ "$1" -eq "$2" ] || { echo "  exit $1, expected $2"; return 1; }; }
stderr_has() { grep -qF -- "$1" "$work/err" || { echo "  stderr: $(cat "$work/err")"; return 1; }; }

paths="$samples/attribution/paths.csv"
touchpoints="$samples/attribution/touchpoints.csv"

# Every model over the paths export, long CSV: each model's attributed conversions and
# value sum to the file's totals; time decay and W-shaped need what the export lacks.
"$kpilot" attribute --paths "$paths" --format csv -o "$work/paths.csv" 2>"$work/err"
check "paths sample exits 0" exit_is $? 0
check "the read is reported" stderr_has "paths.csv: read 1849 rows, used 1849, rejected 0"
check "sums equal totals, errors as columns" "$python" - "$paths" "$work/paths.csv" <<'PY'
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1])))
total_c = sum(float(r["conversions"]) for r in rows)
total_v = sum(float(r["value"]) for r in rows)
out = list(csv.DictReader(open(sys.argv[2])))
sums = collections.defaultdict(lambda: [0.0, 0.0])
errors = {}
for r in out:
    if r["error"]:
        errors[r["model"]] = (r["error"], r["error_message"])
        assert r["attributed_conversions"] == "", r
        continue
    sums[r["model"]][0] += float(r["attributed_conversions"])
    sums[r["model"]][1] += float(r["attributed_value"])
assert set(errors) == {"time_decay", "w_shaped"}, errors
assert all(e[0] == "#N/A" for e in errors.values()), errors
assert "line 2" in errors["time_decay"][1], errors  # names the file line of the first path
assert len(sums) == 7, sums.keys()
for model, (c, v) in sums.items():
    assert abs(c - total_c) < 1e-9 * total_c, (model, c, total_c)
    assert abs(v - total_v) < 1e-9 * total_v, (model, v, total_v)
channels = {r["channel"] for r in out}
assert channels == {"Paid Search", "Paid Social", "Display", "Email", "Organic", "Direct"}, channels
PY

# Touchpoints: every model runs (timestamps and stages are there), JSON says what was read.
"$kpilot" attribute --touchpoints "$touchpoints" --format json -o "$work/touch.json" 2>"$work/err"
check "touchpoints sample exits 0" exit_is $? 0
check "journeys and the lookback are reported" stderr_has "400 journeys into 400 paths, 9 touches outside the lookback window left out"
check "every model sums to the totals" "$python" - "$work/touch.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["rows_rejected"] == 0 and d["paths"] == 400, d
assert d["total_conversions"] == 69, d["total_conversions"]
assert [m["model"] for m in d["models"]] == ["first_touch", "last_touch", "last_non_direct_touch", "linear",
    "position_based", "time_decay", "w_shaped", "markov", "shapley"]
for m in d["models"]:
    assert "error" not in m, m
    c = sum(ch["attributed_conversions"] for ch in m["channels"])
    v = sum(ch["attributed_value"] for ch in m["channels"])
    s = sum(ch["share"] for ch in m["channels"])
    assert abs(c - d["total_conversions"]) < 1e-9 and abs(v - d["total_value"]) < 1e-6 and abs(s - 1) < 1e-12, m
markov = d["models"][7]
assert 0 < markov["conversion_probability"] < 1
assert all(0 <= ch["removal_effect"] <= 1 for ch in markov["channels"])
PY

# A value on a touch that did not convert is not used, and the run says how many.
printf 'journey_id,timestamp,channel,converted,value\nJ1,2026-03-01,Search,0,500\nJ1,2026-03-02,Email,1,120\n' >"$work/values.csv"
"$kpilot" attribute --touchpoints "$work/values.csv" --models linear -o /dev/null 2>"$work/err"
check "unused values are counted" stderr_has "1 values on touches that did not convert not used"

# A lookback of 0 keeps every touch.
"$kpilot" attribute --touchpoints "$touchpoints" --lookback 0 --models linear --format csv -o /dev/null 2>"$work/err"
check "--lookback 0 leaves nothing out" stderr_has "0 touches outside the lookback window left out"

# xlsx: three sheets, each an Excel table.
"$kpilot" attribute --paths "$paths" --format xlsx -o "$work/a.xlsx" 2>"$work/err"
check "xlsx exits 0" exit_is $? 0
check "xlsx holds Conversions, Value and Details tables" "$python" - "$work/a.xlsx" <<'PY'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
book = z.read("xl/workbook.xml").decode()
assert re.findall(r'<sheet [^>]*name="([^"]+)"', book) == ["Conversions", "Value", "Details"], book
assert len([n for n in z.namelist() if n.startswith("xl/tables/")]) == 3
PY

# Text for a terminal: a table per measure, the failed models' reasons under it.
"$kpilot" attribute --paths "$paths" --models linear,time_decay >"$work/text" 2>"$work/err"
check "text shows the channels and the reason a model failed" grep -q "time_decay: #N/A time decay needs each touch's time" "$work/text"

# Custom separators and column names, and a malformed file: rejected rows named, exit 3.
printf 'route;conv;rev\n"search | email";2;100\n"search |  | email";1;5\n"email";-1;0\n"display";x;0\n' >"$work/bad.csv"
"$kpilot" attribute --paths "$work/bad.csv" --separator ';' --touch-separator '|' --path-column route \
  --conversions-column conv --value-column rev --models first_touch --format csv -o "$work/bad_out.csv" 2>"$work/err"
check "rejected rows exit 3" exit_is $? 3
check "an empty channel name is named" stderr_has "bad.csv: line 3, column route: touch 2 has no channel name (row rejected)"
check "a negative count is named" stderr_has "line 4, column conv: \"-1\" is negative"
check "a word for a number is named" stderr_has "line 5, column conv: \"x\" is not a number"
check "the count of rejected rows" stderr_has "read 4 rows, used 1, rejected 3"
check "a rejected row adds no channel" "$python" -c "
import csv, sys
rows = list(csv.DictReader(open('$work/bad_out.csv')))
assert sorted(r['channel'] for r in rows) == ['email', 'search'], rows
assert [float(r['attributed_conversions']) for r in rows if r['channel'] == 'search'] == [2.0], rows"
"$kpilot" attribute --paths "$work/bad.csv" --separator ';' --touch-separator '|' --path-column route \
  --conversions-column conv --strict -o /dev/null 2>"$work/err"
check "--strict stops at the first bad row with exit 3" exit_is $? 3
check "--strict names file, line and column" stderr_has "bad.csv:3 column \"route\": touch 2 has no channel name"

# No conversions at all: every model is #DIV/0!, said once per model.
printf 'path,conversions,nulls\nA > B,0,5\n' >"$work/none.csv"
"$kpilot" attribute --paths "$work/none.csv" --models linear,markov >"$work/text" 2>"$work/err"
check "no conversions is #DIV/0! for each model" [ "$(grep -c "#DIV/0! the paths hold no conversions" "$work/text")" -eq 2 ]

# Usage errors: exit 2 with the reason.
"$kpilot" attribute --paths "$paths" --models linear,lasttouch -o /dev/null 2>"$work/err"
check "an unknown model is a usage error" exit_is $? 2
check "the unknown model is named with the known ones" stderr_has "unknown attribution model \"lasttouch\" (one of: all, first_touch"
"$kpilot" attribute --paths "$paths" --touchpoints "$touchpoints" 2>"$work/err"
check "paths and touchpoints together are a usage error" exit_is $? 2
"$kpilot" attribute --paths "$paths" --position-weights 0.7,0.7 2>"$work/err"
check "shares summing past 1 are a usage error" exit_is $? 2
"$kpilot" attribute --paths "$work/missing.csv" 2>"$work/err"
check "a missing file exits 1" exit_is $? 1
printf 'journey,conversions\nA,1\n' >"$work/nopath.csv"
"$kpilot" attribute --paths "$work/nopath.csv" 2>"$work/err"
check "a missing path column is named" stderr_has "no column \"path\""

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
