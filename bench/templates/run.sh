#!/usr/bin/env bash
# The template benchmark in one command: the marketing template workbook with a
# ROWS-row Data sheet, written by kpilot and, in the same run, the same cells by
# openpyxl (write-only mode), timed end to end with peak memory; then both at a
# tenth of the rows, to show kpilot's memory does not grow with the rows.
#
#   bench/templates/run.sh [ROWS]          ROWS defaults to 1,000,000
#
# KPILOT_BENCH_DIR (default /tmp/kpilot-bench-templates) holds the data and the
# workbooks: hundreds of megabytes that must never land in the repository.
# KPILOT_BUILD_DIR (default build/) is the build tree whose kpilot runs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../lib.sh"
bench_rows "${1:-1000000}" 100
bench_scratch /tmp/kpilot-bench-templates

missing=()
[ -x /usr/bin/time ] || missing+=(time)
[ -x "$python" ] && "$python" -c 'import openpyxl' 2>/dev/null || missing+=(python3-openpyxl)
bench_install_missing "${missing[@]}"
bench_build_kpilot
sample="$repo/samples/marketing"

# --- Data: cached by row count and by the generator's source ------------------------
generator_id="$(sha256sum "$here/generate_marketing.py" | cut -c1-12)"
data_file() { echo "$scratch/marketing-$1-$generator_id.csv"; }
generate() {
  local file
  file="$(data_file "$1")"
  [ -f "$file" ] && return 0
  say "generating $1 rows into $file"
  "$python" "$here/generate_marketing.py" "$1" "$file.part"
  mv "$file.part" "$file"
}
small_rows=$(( rows / 10 ))
generate "$rows"
generate "$small_rows"

# --- Runs: each a whole process under /usr/bin/time ------------------------------------
out="$scratch/out"
for n in "$rows" "$small_rows"; do
  data="$(data_file "$n")"
  cat "$data" >/dev/null  # from the page cache for both writers
  # --constant-memory at both sizes (automatic above 100,000 rows), so the two compare like with like.
  bench_run "kpilot_$n" 3 "$kpilot" template --kind marketing --model "$sample/model.json" --data "$data" \
      --targets "$sample/targets.csv" --constant-memory -o "$out/kpilot-$n.xlsx"
  "$python" "$here/dump_sheets.py" "$out/kpilot-$n.xlsx" "$out/sheets-$n.json"
  bench_run "openpyxl_$n" 1 "$python" "$here/openpyxl_template.py" "$data" "$out/sheets-$n.json" "$out/openpyxl-$n.xlsx"
  bench_run "openpyxl_plain_$n" 1 "$python" "$here/openpyxl_template.py" "$data" "$out/sheets-$n.json" \
      "$out/openpyxl-plain-$n.xlsx" --plain
done

say "checking that both wrote the same Data sheet"
"$python" - "$out/kpilot-$rows.xlsx" "$out/openpyxl-$rows.xlsx" "$rows" <<'EOF' || fail "the workbooks DIFFER"
import sys, zipfile, re
from openpyxl import load_workbook
ours, theirs, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
def last_data_row(path):
    """The last row of the Data sheet, read from the end of its XML (openpyxl writes no dimension)."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        names = re.findall(r'<sheet [^>]*name="([^"]+)"', book)
        tail = b""
        with z.open(f"xl/worksheets/sheet{names.index('Data') + 1}.xml") as f:
            while chunk := f.read(1 << 20):
                tail = (tail + chunk)[-65536:]
        return int(re.findall(rb'<row r="(\d+)"', tail)[-1])
a, b = last_data_row(ours), last_data_row(theirs)
assert a == b == rows + 1, (a, b)
first = [load_workbook(p, read_only=True)["Data"] for p in (ours, theirs)]
for n, (x, y) in enumerate(zip(first[0].iter_rows(max_row=2000, values_only=True), first[1].iter_rows(max_row=2000, values_only=True))):
    x = [v.date() if hasattr(v, "date") else v for v in x][:12]
    y = [v.date() if hasattr(v, "date") else v for v in y][:12]
    assert x == y, (n, x, y)
print(f"same Data sheet: {a} rows with the header, the first 2000 equal cell by cell")
EOF

# --- Report ------------------------------------------------------------------------------
echo
echo "marketing template, $rows-row Data sheet ($(du -m "$(data_file "$rows")" | cut -f1) MB CSV), $(nproc) cores"
echo "kpilot: $build_type build, libxlsxwriter $(sed -n 's/^#define LXW_VERSION "\(.*\)"/\1/p' /usr/include/xlsxwriter.h), constant-memory mode; best of 3 runs"
echo "openpyxl $("$python" -c 'import openpyxl; print(openpyxl.__version__)') write-only mode (Python $("$python" -c 'import platform; print(platform.python_version())')), one run"
echo "kpilot's time includes computing the KPIs from the CSV (the cached values) before writing"
echo
for n in "$rows" "$small_rows"; do
  awk -v n="$n" -v k_s="${best_seconds[kpilot_$n]}" -v k_m="${peak_kb_of[kpilot_$n]}" \
      -v o_s="${best_seconds[openpyxl_$n]}" -v o_m="${peak_kb_of[openpyxl_$n]}" \
      -v p_s="${best_seconds[openpyxl_plain_$n]}" -v p_m="${peak_kb_of[openpyxl_plain_$n]}" 'BEGIN {
    fmt = "%-26s %9s %9s %14s %14s\n"
    printf fmt, n " rows", "seconds", "peak MB", "time / kpilot", "memory / kpilot"
    row("kpilot", k_s, k_m); row("openpyxl (same cells)", o_s, o_m); row("openpyxl (no formats)", p_s, p_m)
    print ""
  }
  function row(name, s, m) { printf "%-26s %9.2f %9.0f %14.2f %14.2f\n", name, s, m / 1024, s / k_s, m / k_m }'
done
echo "kpilot peak RSS: $((peak_kb_of[kpilot_$small_rows] / 1024)) MB at $small_rows rows, $((peak_kb_of[kpilot_$rows] / 1024)) MB at $rows rows"
echo "workbooks and logs: $out"
